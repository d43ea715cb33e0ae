/**
 * Settings an administrator sets for the team (Chrome's managed storage, Firefox's enterprise
 * policy `3rdparty.Extensions`): which keys exist, how they are checked and how they win over the
 * user's own settings. Pure: the browser side is in `managed.ts`.
 */
import {
  BUDGET_MAX,
  DEFAULT_SETTINGS,
  type ManagedField,
  type Settings,
  validateSettings,
} from '../settings';

/**
 * What an administrator can set, by policy key. The same names are in
 * `public/managed-schema.json` (Chrome checks types there; Firefox checks nothing, so this does).
 */
export const MANAGED_KEYS = [
  'apiBase',
  'appOrigins',
  'tokensRoute',
  'ingestionRoute',
  'pollSeconds',
  'dailyBudget',
  'monthlyPlanCredits',
  'monthlyPlanRenewDay',
  'overlayEnabled',
] as const;

export type ManagedKey = (typeof MANAGED_KEYS)[number];

/** Re-exported for the glue that reads the policy; the views import it from `settings.ts`. */
export type { ManagedField };

/** The valid managed values: `settings` holds them (defaults elsewhere), `fields` says which. */
export interface ManagedPolicy {
  settings: Settings;
  fields: ManagedField[];
}

export const NO_POLICY: ManagedPolicy = { settings: DEFAULT_SETTINGS, fields: [] };

/** Largest day a plan can renew on: a plan on the 31st renews on the last day of shorter months. */
const RENEW_DAY_MAX = 31;

const isWhole = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Copies `fields` from `from` onto `target` (the two routes one by one). */
function copyFields(target: Settings, from: Settings, fields: readonly ManagedField[]): Settings {
  const next: Settings = { ...target, routes: { ...target.routes } };
  for (const field of fields) {
    if (field === 'tokensRoute') next.routes.tokens = from.routes.tokens;
    else if (field === 'ingestionRoute') next.routes.ingestion = from.routes.ingestion;
    else (next as unknown as Record<string, unknown>)[field] = from[field];
  }
  return next;
}

/**
 * Reads the managed values: every key is checked like the options page checks the user's input,
 * and an invalid or unknown one is left out with a warning (a bad policy never breaks the
 * extension; the user's value stays in force). `minPollSeconds` as in `validateSettings`.
 */
export function parseManagedPolicy(
  raw: unknown,
  minPollSeconds: number,
): { policy: ManagedPolicy; warnings: string[] } {
  const warnings: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { policy: NO_POLICY, warnings };
  const values = raw as Record<string, unknown>;
  const settings: Settings = { ...DEFAULT_SETTINGS, routes: { ...DEFAULT_SETTINGS.routes } };
  const fields: ManagedField[] = [];
  const reject = (key: string) => warnings.push(`managed setting "${key}" ignored: invalid value`);
  /** The value as the options page would save it, or undefined when it would refuse it. */
  const check = <K extends keyof Settings>(field: K, value: Settings[K]): Settings[K] | undefined => {
    const result = validateSettings({ ...DEFAULT_SETTINGS, [field]: value }, minPollSeconds);
    return result.ok ? result.settings[field] : undefined;
  };

  for (const key of Object.keys(values)) {
    if (!(MANAGED_KEYS as readonly string[]).includes(key)) {
      warnings.push(`managed setting "${key}" ignored: unknown key`);
    }
  }
  const has = (key: ManagedKey) => values[key] !== undefined;

  if (has('apiBase')) {
    const value = typeof values.apiBase === 'string' ? check('apiBase', values.apiBase) : undefined;
    if (value === undefined) reject('apiBase');
    else {
      settings.apiBase = value;
      fields.push('apiBase');
    }
  }
  if (has('appOrigins')) {
    const list = values.appOrigins;
    const value =
      Array.isArray(list) && list.every((item) => typeof item === 'string')
        ? check('appOrigins', list as string[])
        : undefined;
    if (value === undefined) reject('appOrigins');
    else {
      settings.appOrigins = value;
      fields.push('appOrigins');
    }
  }
  // Each route is checked on its own (beside a distinct valid twin); `applyManagedPolicy`
  // handles a managed route that equals the user's other one.
  for (const [key, page] of [
    ['tokensRoute', 'tokens'],
    ['ingestionRoute', 'ingestion'],
  ] as const) {
    if (!has(key)) continue;
    const route = values[key];
    const value =
      typeof route === 'string' ? check('routes', { tokens: route, ingestion: `${route}-x` }) : undefined;
    if (value === undefined) reject(key);
    else {
      settings.routes[page] = value.tokens;
      fields.push(key);
    }
  }
  if (has('pollSeconds')) {
    const value = isWhole(values.pollSeconds, 0, Number.MAX_SAFE_INTEGER)
      ? check('pollSeconds', values.pollSeconds)
      : undefined;
    if (value === undefined) reject('pollSeconds');
    else {
      settings.pollSeconds = value;
      fields.push('pollSeconds');
    }
  }
  // 0 turns the budget (or the plan) off for everyone.
  if (has('dailyBudget')) {
    if (!isWhole(values.dailyBudget, 0, BUDGET_MAX)) reject('dailyBudget');
    else {
      settings.budget = values.dailyBudget === 0 ? null : values.dailyBudget;
      fields.push('budget');
    }
  }
  if (has('monthlyPlanCredits') || has('monthlyPlanRenewDay')) {
    const credits = values.monthlyPlanCredits;
    const renewDay = values.monthlyPlanRenewDay ?? 1;
    if (!isWhole(credits, 0, BUDGET_MAX) || !isWhole(renewDay, 1, RENEW_DAY_MAX)) {
      reject(has('monthlyPlanCredits') ? 'monthlyPlanCredits' : 'monthlyPlanRenewDay');
    } else {
      settings.monthlyPlan = credits === 0 ? null : { credits, renewDay };
      fields.push('monthlyPlan');
    }
  }
  if (has('overlayEnabled')) {
    if (typeof values.overlayEnabled !== 'boolean') reject('overlayEnabled');
    else {
      settings.enabled = values.overlayEnabled;
      fields.push('enabled');
    }
  }
  return { policy: { settings, fields }, warnings };
}

/**
 * The settings in force: the user's, with every managed value in its place. A managed route equal
 * to the user's other route would show both bars on one page: then the user's routes stay.
 */
export function applyManagedPolicy(user: Settings, policy: ManagedPolicy): Settings {
  const next = copyFields(user, policy.settings, policy.fields);
  if (next.routes.tokens === next.routes.ingestion) next.routes = user.routes;
  return next;
}

/**
 * What to store as the user's own settings when they save `next` (which shows the managed values):
 * the user's earlier values of the managed fields, so nothing of the policy leaks into them and
 * they come back when the administrator lifts the policy.
 */
export function keepUserValues(next: Settings, user: Settings, policy: ManagedPolicy): Settings {
  return copyFields(next, user, policy.fields);
}
