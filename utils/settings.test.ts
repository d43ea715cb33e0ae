import { describe, expect, it } from 'vitest';
import { coerceSettings, DEFAULT_SETTINGS, type Settings, validateSettings } from './settings';

const draft = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('validateSettings', () => {
  it.each<[string, Partial<Settings>, Partial<Settings>]>([
    ['defaults are valid', {}, {}],
    [
      'a trailing slash is dropped from the API URL',
      { apiBase: 'http://localhost:5003/' },
      { apiBase: 'http://localhost:5003' },
    ],
    [
      'an API behind a path prefix is kept',
      { apiBase: ' https://meri.example/api/ ' },
      { apiBase: 'https://meri.example/api' },
    ],
    [
      'origins are normalised and de-duplicated',
      { appOrigins: ['http://LOCALHOST:3000/', 'http://localhost:3000', ''] },
      { appOrigins: ['http://localhost:3000'] },
    ],
    [
      'routes lose trailing slashes',
      { routes: { tokens: '/dashboard/tokens/', ingestion: ' /x ' } },
      { routes: { tokens: '/dashboard/tokens', ingestion: '/x' } },
    ],
    ['300 s is the longest interval', { pollSeconds: 300 }, { pollSeconds: 300 }],
    ['a daily budget', { budget: 5000, budgetWarnPercent: 90 }, { budget: 5000, budgetWarnPercent: 90 }],
    ['no budget', { budget: null }, { budget: null }],
    [
      'a monthly plan renewing on the 31st',
      { monthlyPlan: { credits: 10_000_000, renewDay: 31 } },
      { monthlyPlan: { credits: 10_000_000, renewDay: 31 } },
    ],
    ['no monthly plan', { monthlyPlan: null }, { monthlyPlan: null }],
    ['the badge and its refresh', { badge: false, badgeRefresh: true }, { badge: false, badgeRefresh: true }],
  ])('%s', (_name, patch, expected) => {
    const result = validateSettings(draft(patch));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.settings).toMatchObject(expected);
  });

  it.each<[string, Partial<Settings>, string, RegExp]>([
    ['a non-URL API', { apiBase: 'localhost:5003' }, 'apiBase', /http\(s\) URL/],
    ['a non-http API', { apiBase: 'ftp://x' }, 'apiBase', /http\(s\) URL/],
    ['an API URL with a query', { apiBase: 'http://x/?a=1' }, 'apiBase', /http\(s\) URL/],
    [
      'an origin with a path',
      { appOrigins: ['http://localhost:3000/dashboard'] },
      'appOrigins',
      /not an origin/,
    ],
    ['no origin at all', { appOrigins: [' '] }, 'appOrigins', /at least one/],
    ['a route without a slash', { routes: { tokens: 'dashboard', ingestion: '/x' } }, 'routes', /paths/],
    ['a route with a script', { routes: { tokens: '/<script>', ingestion: '/x' } }, 'routes', /paths/],
    ['the same route twice', { routes: { tokens: '/a', ingestion: '/a/' } }, 'routes', /different/],
    ['a poll under 30 s', { pollSeconds: 29 }, 'pollSeconds', /30 to 300/],
    ['a poll over 300 s', { pollSeconds: 301 }, 'pollSeconds', /30 to 300/],
    ['a fractional poll', { pollSeconds: 45.5 }, 'pollSeconds', /whole number/],
    ['NaN', { pollSeconds: Number.NaN }, 'pollSeconds', /whole number/],
    ['a budget of 0', { budget: 0 }, 'budget', /at least 1/],
    ['a fractional budget', { budget: 10.5 }, 'budget', /whole number/],
    ['a budget that is not a number', { budget: Number.NaN }, 'budget', /whole number/],
    ['a warning at 100 %', { budgetWarnPercent: 100 }, 'budgetWarnPercent', /1 to 99/],
    ['a warning at 0 %', { budgetWarnPercent: 0 }, 'budgetWarnPercent', /1 to 99/],
    ['a plan of 0 credits', { monthlyPlan: { credits: 0, renewDay: 1 } }, 'monthlyPlan', /plan/],
    ['a plan renewing on day 0', { monthlyPlan: { credits: 5, renewDay: 0 } }, 'monthlyPlan', /1 to 31/],
    ['a plan renewing on day 32', { monthlyPlan: { credits: 5, renewDay: 32 } }, 'monthlyPlan', /1 to 31/],
    ['a fractional plan', { monthlyPlan: { credits: 5.5, renewDay: 3 } }, 'monthlyPlan', /whole/],
  ])('rejects %s', (_name, patch, field, message) => {
    const result = validateSettings(draft(patch));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
  });

  it('test builds may allow a shorter interval', () => {
    expect(validateSettings(draft({ pollSeconds: 3 }), 2).ok).toBe(true);
  });
});

describe('coerceSettings', () => {
  it.each<[string, unknown, Partial<Settings>]>([
    ['nothing stored', undefined, DEFAULT_SETTINGS],
    ['not an object', 'x', DEFAULT_SETTINGS],
    ['a partial object keeps what it has', { enabled: false }, { enabled: false, pollSeconds: 30 }],
    [
      'invalid fields fall back one by one',
      { apiBase: 'nope', pollSeconds: 5, enabled: false },
      { apiBase: DEFAULT_SETTINGS.apiBase, pollSeconds: 30, enabled: false },
    ],
    ['page switches', { pages: { tokens: false } }, { pages: { tokens: false, ingestion: true } }],
    ['origins of the wrong type', { appOrigins: [1, 2] }, { appOrigins: DEFAULT_SETTINGS.appOrigins }],
    [
      'an older version without the badge and budget',
      { enabled: true, pollSeconds: 60 },
      { badge: true, badgeRefresh: false, budget: null, budgetWarnPercent: 80 },
    ],
    [
      'badge and budget kept',
      { badge: false, badgeRefresh: true, budget: 5000, budgetWarnPercent: 90 },
      { badge: false, badgeRefresh: true, budget: 5000, budgetWarnPercent: 90 },
    ],
    [
      'a broken budget is no budget, a broken share the default',
      { budget: '5000', budgetWarnPercent: 120 },
      { budget: null, budgetWarnPercent: 80 },
    ],
    ['a negative budget', { budget: -5 }, { budget: null }],
    ['an older version without a plan', { budget: 5 }, { monthlyPlan: null }],
    [
      'a plan kept, without extra keys',
      { monthlyPlan: { credits: 900, renewDay: 15, x: 1 } },
      { monthlyPlan: { credits: 900, renewDay: 15 } },
    ],
    ['a broken plan is no plan', { monthlyPlan: { credits: 900, renewDay: 40 } }, { monthlyPlan: null }],
  ])('%s', (_name, stored, expected) => {
    expect(coerceSettings(stored)).toMatchObject(expected);
  });
});
