import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import {
  applyManagedPolicy,
  keepUserValues,
  MANAGED_KEYS,
  type ManagedField,
  parseManagedPolicy,
} from './managed-policy';

const USER: Settings = {
  ...DEFAULT_SETTINGS,
  enabled: false,
  pages: { tokens: false, ingestion: true },
  apiBase: 'http://user.example:5003',
  appOrigins: ['http://user.example:3000'],
  routes: { tokens: '/u/tokens', ingestion: '/u/ingestion' },
  pollSeconds: 60,
  budget: 100,
  monthlyPlan: { credits: 5, renewDay: 2 },
};

describe('parseManagedPolicy takes valid values, normalised like the options page', () => {
  it.each<[string, Record<string, unknown>, ManagedField[], Partial<Settings>]>([
    [
      'API URL, trailing slash dropped',
      { apiBase: 'https://api.corp/x/' },
      ['apiBase'],
      { apiBase: 'https://api.corp/x' },
    ],
    [
      'app origins, deduplicated',
      { appOrigins: ['https://app.corp', 'https://app.corp/', 'http://b:3000'] },
      ['appOrigins'],
      { appOrigins: ['https://app.corp', 'http://b:3000'] },
    ],
    [
      'tokens route alone',
      { tokensRoute: '/t/' },
      ['tokensRoute'],
      { routes: { tokens: '/t', ingestion: '/dashboard/ingestion' } },
    ],
    [
      'ingestion route alone',
      { ingestionRoute: '/i' },
      ['ingestionRoute'],
      { routes: { tokens: '/dashboard/tokens', ingestion: '/i' } },
    ],
    ['poll interval at the maximum', { pollSeconds: 300 }, ['pollSeconds'], { pollSeconds: 300 }],
    ['daily budget', { dailyBudget: 5000 }, ['budget'], { budget: 5000 }],
    ['daily budget 0: off for everyone', { dailyBudget: 0 }, ['budget'], { budget: null }],
    [
      'monthly plan',
      { monthlyPlanCredits: 10_000_000, monthlyPlanRenewDay: 31 },
      ['monthlyPlan'],
      { monthlyPlan: { credits: 10_000_000, renewDay: 31 } },
    ],
    [
      'monthly plan without a day renews on the 1st',
      { monthlyPlanCredits: 7 },
      ['monthlyPlan'],
      { monthlyPlan: { credits: 7, renewDay: 1 } },
    ],
    [
      'monthly plan 0: off for everyone',
      { monthlyPlanCredits: 0, monthlyPlanRenewDay: 5 },
      ['monthlyPlan'],
      { monthlyPlan: null },
    ],
    ['overlay off', { overlayEnabled: false }, ['enabled'], { enabled: false }],
  ])('%s', (_case, raw, fields, values) => {
    const { policy, warnings } = parseManagedPolicy(raw, 30);
    expect(warnings).toEqual([]);
    expect(policy.fields).toEqual(fields);
    expect(policy.settings).toMatchObject(values);
  });

  it('takes every key of the schema at once', () => {
    const { policy, warnings } = parseManagedPolicy(
      {
        apiBase: 'https://api.corp',
        appOrigins: ['https://app.corp'],
        tokensRoute: '/a',
        ingestionRoute: '/b',
        pollSeconds: 45,
        dailyBudget: 1,
        monthlyPlanCredits: 2,
        monthlyPlanRenewDay: 3,
        overlayEnabled: true,
      },
      30,
    );
    expect(warnings).toEqual([]);
    expect(policy.fields).toHaveLength(8);
    expect(MANAGED_KEYS).toHaveLength(9);
  });
});

describe('parseManagedPolicy ignores what it cannot use, with a warning', () => {
  it.each<[string, unknown, number]>([
    ['API URL not http(s)', { apiBase: 'javascript:alert(1)' }, 1],
    ['API URL not a string', { apiBase: 5003 }, 1],
    ['origins not a list', { appOrigins: 'https://app.corp' }, 1],
    ['origins with a path', { appOrigins: ['https://app.corp/x'] }, 1],
    ['origins empty', { appOrigins: [] }, 1],
    ['route without a slash', { tokensRoute: 'tokens' }, 1],
    ['route with a query', { ingestionRoute: '/i?x=1' }, 1],
    ['poll below the minimum', { pollSeconds: 29 }, 1],
    ['poll above the maximum', { pollSeconds: 301 }, 1],
    ['poll not whole', { pollSeconds: 30.5 }, 1],
    ['poll as a string', { pollSeconds: '60' }, 1],
    ['budget negative', { dailyBudget: -1 }, 1],
    ['budget too large', { dailyBudget: 1_000_000_001 }, 1],
    ['plan renew day 0', { monthlyPlanCredits: 5, monthlyPlanRenewDay: 0 }, 1],
    ['plan renew day 32', { monthlyPlanCredits: 5, monthlyPlanRenewDay: 32 }, 1],
    ['plan day without credits', { monthlyPlanRenewDay: 5 }, 1],
    ['overlay switch as a string', { overlayEnabled: 'false' }, 1],
    ['unknown key', { colour: 'red' }, 1],
    ['two bad keys', { apiBase: '', pollSeconds: 1 }, 2],
  ])('%s', (_case, raw, warningCount) => {
    const { policy, warnings } = parseManagedPolicy(raw, 30);
    expect(policy.fields).toEqual([]);
    expect(policy.settings).toEqual(DEFAULT_SETTINGS);
    expect(warnings).toHaveLength(warningCount);
  });

  it.each([null, undefined, 'x', 3, []])('no policy from %j', (raw) => {
    expect(parseManagedPolicy(raw, 30)).toEqual({
      policy: { settings: DEFAULT_SETTINGS, fields: [] },
      warnings: [],
    });
  });

  it('keeps the valid keys beside an invalid one', () => {
    const { policy, warnings } = parseManagedPolicy({ pollSeconds: 5, overlayEnabled: false }, 30);
    expect(policy.fields).toEqual(['enabled']);
    expect(warnings).toEqual(['managed setting "pollSeconds" ignored: invalid value']);
  });

  it('a test build accepts its shorter poll minimum', () => {
    expect(parseManagedPolicy({ pollSeconds: 2 }, 2).policy.settings.pollSeconds).toBe(2);
  });
});

describe('applyManagedPolicy: a managed value wins, the user keeps the rest', () => {
  it('overrides only the managed fields', () => {
    const { policy } = parseManagedPolicy(
      { apiBase: 'https://api.corp', tokensRoute: '/t', overlayEnabled: true, monthlyPlanCredits: 0 },
      30,
    );
    expect(applyManagedPolicy(USER, policy)).toEqual({
      ...USER,
      apiBase: 'https://api.corp',
      routes: { tokens: '/t', ingestion: '/u/ingestion' },
      enabled: true,
      monthlyPlan: null,
    });
  });

  it('keeps the per-page switches, badge and warning threshold of the user', () => {
    const { policy } = parseManagedPolicy({ overlayEnabled: true, dailyBudget: 9 }, 30);
    const applied = applyManagedPolicy(USER, policy);
    expect(applied.pages).toEqual(USER.pages);
    expect(applied.badge).toBe(USER.badge);
    expect(applied.budgetWarnPercent).toBe(USER.budgetWarnPercent);
  });

  it("a managed route equal to the user's other route leaves the user's routes", () => {
    const { policy } = parseManagedPolicy({ tokensRoute: '/u/ingestion' }, 30);
    expect(applyManagedPolicy(USER, policy).routes).toEqual(USER.routes);
  });

  it('no policy changes nothing', () => {
    expect(applyManagedPolicy(USER, parseManagedPolicy({}, 30).policy)).toEqual(USER);
  });
});

describe("keepUserValues: saving never copies the policy into the user's settings", () => {
  it("restores the user's values of managed fields and keeps the other edits", () => {
    const { policy } = parseManagedPolicy(
      { apiBase: 'https://api.corp', ingestionRoute: '/i', dailyBudget: 0 },
      30,
    );
    const shown = applyManagedPolicy(USER, policy);
    const edited = { ...shown, pollSeconds: 120, routes: { ...shown.routes, tokens: '/new' } };
    expect(keepUserValues(edited, USER, policy)).toEqual({
      ...USER,
      pollSeconds: 120,
      routes: { tokens: '/new', ingestion: '/u/ingestion' },
    });
  });
});

describe('the manifest schema and the parser agree', () => {
  const schema = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../public/managed-schema.json'), 'utf8'),
  ) as {
    properties: Record<string, { type: string; minimum?: number; maximum?: number }>;
  };

  it('the schema names exactly the keys the parser reads', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...MANAGED_KEYS].sort());
  });

  /** A policy that holds `value` for `key`, with the plan's other key where the plan needs it. */
  const policyWith = (key: string, value: unknown) =>
    key === 'monthlyPlanRenewDay' ? { monthlyPlanCredits: 5, [key]: value } : { [key]: value };

  it.each(Object.entries(schema.properties).filter(([, property]) => property.type === 'integer'))(
    '%s: the schema’s bounds are the parser’s',
    (key, property) => {
      const { minimum, maximum } = property;
      if (minimum === undefined || maximum === undefined) throw new Error(`${key}: no bounds in the schema`);
      const warnings = (value: number) => parseManagedPolicy(policyWith(key, value), 30).warnings;
      expect(warnings(minimum)).toEqual([]);
      expect(warnings(maximum)).toEqual([]);
      expect(warnings(minimum - 1)).toHaveLength(1);
      expect(warnings(maximum + 1)).toHaveLength(1);
    },
  );
});
