/** User settings, synced across the user's browsers (storage.sync). Pure: no browser API here. */
import { t } from './i18n';

/** The app's pages the bar shows on. */
export const PAGE_KINDS = ['tokens', 'ingestion'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/**
 * Where the app runs out of the box: its front end (two spellings of the same host) and its back
 * end. The manifest covers these; other origins are asked for at run time.
 */
export const DEFAULT_APP_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'];
/** The back end the settings point at out of the box. */
export const DEFAULT_API_BASE = 'http://localhost:5003';
export const DEFAULT_API_ORIGINS = [DEFAULT_API_BASE, 'http://127.0.0.1:5003'];

export interface Settings {
  /** The overlay as a whole, per user. */
  enabled: boolean;
  /** Per-page switches. */
  pages: Record<PageKind, boolean>;
  /** Base URL of the Meridinate back end, without a trailing slash. */
  apiBase: string;
  /** Origins serving the Meridinate front end (scheme://host:port). */
  appOrigins: string[];
  /** Route path of each target page. */
  routes: Record<PageKind, string>;
  /** Seconds between polls while someone looks. */
  pollSeconds: number;
  /** Today's credits on the toolbar button. */
  badge: boolean;
  /**
   * Keep the badge current every 5 minutes while no bar or popup is open. Off by default: the
   * extension otherwise makes no request at all while nobody looks.
   */
  badgeRefresh: boolean;
  /** Daily credit budget (the app's credit day), or null for none. */
  budget: number | null;
  /** Warn at this share of the budget, in percent (1–99). */
  budgetWarnPercent: number;
  /** The monthly credit plan (credits per cycle, the day of the month it renews), or null for none. */
  monthlyPlan: { credits: number; renewDay: number } | null;
}

/**
 * A setting an administrator can lock: the options and the popup lock their inputs by these names.
 * `monthlyPlan` covers both plan keys.
 */
export type ManagedField =
  | 'apiBase'
  | 'appOrigins'
  | 'tokensRoute'
  | 'ingestionRoute'
  | 'pollSeconds'
  | 'budget'
  | 'monthlyPlan'
  | 'enabled';

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  pages: { tokens: true, ingestion: true },
  apiBase: DEFAULT_API_BASE,
  appOrigins: DEFAULT_APP_ORIGINS,
  routes: { tokens: '/dashboard/tokens', ingestion: '/dashboard/ingestion' },
  pollSeconds: 30,
  badge: true,
  badgeRefresh: false,
  budget: null,
  budgetWarnPercent: 80,
  monthlyPlan: null,
};

export const POLL_SECONDS_MIN = 30;
export const POLL_SECONDS_MAX = 300;
export const BUDGET_MAX = 1_000_000_000;
/** A plan's credits per cycle go higher than a day's budget. */
export const PLAN_MAX = 100_000_000_000;

/** Field-level problems found in a settings draft, keyed by field name. */
export type SettingsErrors = Partial<
  Record<
    'apiBase' | 'appOrigins' | 'routes' | 'pollSeconds' | 'budget' | 'budgetWarnPercent' | 'monthlyPlan',
    string
  >
>;

function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

function normalizeApiBase(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.search || url.hash || url.username || url.password) return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

function normalizeRoute(value: string): string | null {
  const trimmed = value.trim();
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(trimmed)) return null;
  const withoutSlash = trimmed.replace(/\/+$/, '');
  return withoutSlash === '' ? '/' : withoutSlash;
}

/**
 * Checks a settings draft and returns either the normalised settings or readable errors.
 * `minPollSeconds` lets test builds poll faster; the shipped minimum is 30 s.
 */
export function validateSettings(
  draft: Settings,
  minPollSeconds = POLL_SECONDS_MIN,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const apiBase = normalizeApiBase(draft.apiBase);
  if (!apiBase) errors.apiBase = t('errorApiBase');
  const appOrigins: string[] = [];
  for (const origin of draft.appOrigins) {
    if (!origin.trim()) continue;
    const normalized = normalizeOrigin(origin);
    if (!normalized) {
      errors.appOrigins = t('errorOrigin', origin.slice(0, 80));
      break;
    }
    if (!appOrigins.includes(normalized)) appOrigins.push(normalized);
  }
  if (!errors.appOrigins && appOrigins.length === 0) errors.appOrigins = t('errorNoOrigin');
  const tokens = normalizeRoute(draft.routes.tokens);
  const ingestion = normalizeRoute(draft.routes.ingestion);
  if (!tokens || !ingestion) errors.routes = t('errorRoutes');
  else if (tokens === ingestion) errors.routes = t('errorSameRoute');
  const poll = draft.pollSeconds;
  if (!Number.isInteger(poll) || poll < minPollSeconds || poll > POLL_SECONDS_MAX) {
    errors.pollSeconds = t('errorPoll', minPollSeconds, POLL_SECONDS_MAX);
  }
  const budget = draft.budget;
  if (budget !== null && (!Number.isInteger(budget) || budget < 1 || budget > BUDGET_MAX)) {
    errors.budget = t('errorBudget');
  }
  const warn = draft.budgetWarnPercent;
  if (!Number.isInteger(warn) || warn < 1 || warn > 99) {
    errors.budgetWarnPercent = t('errorWarnPercent');
  }
  if (draft.monthlyPlan !== null && !isMonthlyPlan(draft.monthlyPlan)) errors.monthlyPlan = t('errorPlan');
  if (Object.keys(errors).length > 0 || !apiBase || !tokens || !ingestion) return { ok: false, errors };
  return {
    ok: true,
    settings: { ...draft, apiBase, appOrigins, routes: { tokens, ingestion }, pollSeconds: poll },
  };
}

/** A plan of 1 to PLAN_MAX whole credits renewing on day 1–31 (a later day than the month has: its last). */
export function isMonthlyPlan(value: unknown): value is NonNullable<Settings['monthlyPlan']> {
  if (!value || typeof value !== 'object') return false;
  const { credits, renewDay } = value as Record<string, unknown>;
  return (
    Number.isInteger(credits) &&
    (credits as number) >= 1 &&
    (credits as number) <= PLAN_MAX &&
    Number.isInteger(renewDay) &&
    (renewDay as number) >= 1 &&
    (renewDay as number) <= 31
  );
}

/**
 * Reads whatever is stored (possibly from an older version, possibly edited by hand) into complete
 * settings, field by field: a value of the wrong type or form falls back to its default. It checks
 * types and forms only (the options page validates fully before saving), so it stays small enough
 * for the content script.
 */
export function coerceSettings(stored: unknown, minPollSeconds = POLL_SECONDS_MIN): Settings {
  if (!stored || typeof stored !== 'object') return DEFAULT_SETTINGS;
  const s = stored as Partial<Record<keyof Settings, unknown>>;
  const d = DEFAULT_SETTINGS;
  const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  const route = (value: unknown, fallback: string) =>
    typeof value === 'string' && /^\/[A-Za-z0-9._~\-/]*$/.test(value) ? value : fallback;
  const pages = (s.pages ?? {}) as Record<string, unknown>;
  const routes = (s.routes ?? {}) as Record<string, unknown>;
  const origins = s.appOrigins;
  const tokens = route(routes.tokens, d.routes.tokens);
  const ingestion = route(routes.ingestion, d.routes.ingestion);
  const int = (value: unknown, min: number, max: number) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : undefined;
  // The same rule as `isMonthlyPlan`, from the helpers above: this runs in the content script too.
  const plan = s.monthlyPlan as { credits?: unknown; renewDay?: unknown } | null | undefined;
  const planCredits = int(plan?.credits, 1, PLAN_MAX);
  const planRenewDay = int(plan?.renewDay, 1, 31);
  return {
    enabled: bool(s.enabled, d.enabled),
    pages: { tokens: bool(pages.tokens, true), ingestion: bool(pages.ingestion, true) },
    apiBase: typeof s.apiBase === 'string' && /^https?:\/\/[^\s?#]+$/.test(s.apiBase) ? s.apiBase : d.apiBase,
    appOrigins:
      Array.isArray(origins) &&
      origins.length > 0 &&
      origins.every((o) => typeof o === 'string' && /^https?:\/\/[^/\s]+$/.test(o))
        ? (origins as string[])
        : d.appOrigins,
    routes: tokens === ingestion ? d.routes : { tokens, ingestion },
    pollSeconds: int(s.pollSeconds, minPollSeconds, POLL_SECONDS_MAX) ?? d.pollSeconds,
    badge: bool(s.badge, d.badge),
    badgeRefresh: bool(s.badgeRefresh, d.badgeRefresh),
    budget: int(s.budget, 1, BUDGET_MAX) ?? null,
    budgetWarnPercent: int(s.budgetWarnPercent, 1, 99) ?? d.budgetWarnPercent,
    monthlyPlan: planCredits && planRenewDay ? { credits: planCredits, renewDay: planRenewDay } : null,
  };
}
