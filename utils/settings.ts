/** User settings, synced across the user's browsers (storage.sync). Pure: no browser API here. */

export type PageKind = 'tokens' | 'ingestion';

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
}

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  pages: { tokens: true, ingestion: true },
  apiBase: 'http://localhost:5003',
  appOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
  routes: { tokens: '/dashboard/tokens', ingestion: '/dashboard/ingestion' },
  pollSeconds: 30,
};

export const POLL_SECONDS_MIN = 30;
export const POLL_SECONDS_MAX = 300;

/** Field-level problems found in a settings draft, keyed by field name. */
export type SettingsErrors = Partial<Record<'apiBase' | 'appOrigins' | 'routes' | 'pollSeconds', string>>;

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
  if (!apiBase) errors.apiBase = 'Enter an http(s) URL such as http://localhost:5003.';
  const appOrigins: string[] = [];
  for (const origin of draft.appOrigins) {
    if (!origin.trim()) continue;
    const normalized = normalizeOrigin(origin);
    if (!normalized) {
      errors.appOrigins = `“${origin.slice(0, 80)}” is not an origin such as http://localhost:3000.`;
      break;
    }
    if (!appOrigins.includes(normalized)) appOrigins.push(normalized);
  }
  if (!errors.appOrigins && appOrigins.length === 0) errors.appOrigins = 'Enter at least one app origin.';
  const tokens = normalizeRoute(draft.routes.tokens);
  const ingestion = normalizeRoute(draft.routes.ingestion);
  if (!tokens || !ingestion) errors.routes = 'Routes are paths such as /dashboard/tokens.';
  else if (tokens === ingestion) errors.routes = 'The two pages need different routes.';
  const poll = draft.pollSeconds;
  if (!Number.isInteger(poll) || poll < minPollSeconds || poll > POLL_SECONDS_MAX) {
    errors.pollSeconds = `Choose a whole number of seconds from ${minPollSeconds} to ${POLL_SECONDS_MAX}.`;
  }
  if (Object.keys(errors).length > 0 || !apiBase || !tokens || !ingestion) return { ok: false, errors };
  return {
    ok: true,
    settings: { ...draft, apiBase, appOrigins, routes: { tokens, ingestion }, pollSeconds: poll },
  };
}

/**
 * Reads whatever is stored (possibly from an older version, possibly edited by hand) into complete
 * settings: unknown or invalid values fall back to the defaults field by field.
 */
export function coerceSettings(stored: unknown, minPollSeconds = POLL_SECONDS_MIN): Settings {
  if (!stored || typeof stored !== 'object') return DEFAULT_SETTINGS;
  const s = stored as Partial<Record<keyof Settings, unknown>>;
  const pages = (s.pages && typeof s.pages === 'object' ? s.pages : {}) as Record<string, unknown>;
  const routes = (s.routes && typeof s.routes === 'object' ? s.routes : {}) as Record<string, unknown>;
  const draft: Settings = {
    enabled: typeof s.enabled === 'boolean' ? s.enabled : DEFAULT_SETTINGS.enabled,
    pages: {
      tokens: typeof pages.tokens === 'boolean' ? pages.tokens : true,
      ingestion: typeof pages.ingestion === 'boolean' ? pages.ingestion : true,
    },
    apiBase: typeof s.apiBase === 'string' ? s.apiBase : DEFAULT_SETTINGS.apiBase,
    appOrigins:
      Array.isArray(s.appOrigins) && s.appOrigins.every((o) => typeof o === 'string')
        ? (s.appOrigins as string[])
        : DEFAULT_SETTINGS.appOrigins,
    routes: {
      tokens: typeof routes.tokens === 'string' ? routes.tokens : DEFAULT_SETTINGS.routes.tokens,
      ingestion: typeof routes.ingestion === 'string' ? routes.ingestion : DEFAULT_SETTINGS.routes.ingestion,
    },
    pollSeconds: typeof s.pollSeconds === 'number' ? s.pollSeconds : DEFAULT_SETTINGS.pollSeconds,
  };
  const result = validateSettings(draft, minPollSeconds);
  if (result.ok) return result.settings;
  const fixed = { ...draft };
  if (result.errors.apiBase) fixed.apiBase = DEFAULT_SETTINGS.apiBase;
  if (result.errors.appOrigins) fixed.appOrigins = DEFAULT_SETTINGS.appOrigins;
  if (result.errors.routes) fixed.routes = DEFAULT_SETTINGS.routes;
  if (result.errors.pollSeconds) fixed.pollSeconds = DEFAULT_SETTINGS.pollSeconds;
  const again = validateSettings(fixed, minPollSeconds);
  return again.ok ? again.settings : DEFAULT_SETTINGS;
}
