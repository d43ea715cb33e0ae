/**
 * HEAD moved the app's pages: `/dashboard/tokens` redirects to `/dashboard/bot-tracker` and
 * `/dashboard/ingestion` is gone, so with the default routes the bar never shows. The background
 * asks the app origin how the configured routes answer (once per probe of a HEAD back end, at most daily for the same routes); this
 * module reads those answers and words the one-click offer. Pure: no browser API here.
 */
import type { Settings } from './settings';

/** HEAD's page with the Tokens page's figures, and its own "Scanned Today" bar. */
export const BOT_TRACKER_ROUTE = '/dashboard/bot-tracker';

/** How a page route answered: served, redirected elsewhere, not found, or no usable answer. */
export type RouteAnswer = 'ok' | 'moved' | 'gone' | 'unknown';

/** What the background found when it asked the app origin about the configured routes. */
export interface MovedPagesFinding {
  /** `capabilities.probedAt` of the probe this check belongs to: one check per probe. */
  probedAt: number;
  /** The app origin asked. */
  origin: string;
  /** The routes asked about: a later change of the routes makes the finding moot. */
  routes: Settings['routes'];
  tokens: RouteAnswer;
  ingestion: RouteAnswer;
}

/**
 * A page's answer to a `fetch(…, { redirect: 'manual' })`: a redirect shows as an opaque
 * response (status 0) in a browser, or as a 3xx status elsewhere.
 */
export function classifyRouteAnswer(response: { status: number; type?: string } | null): RouteAnswer {
  if (!response) return 'unknown';
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) return 'moved';
  if (response.status === 404 || response.status === 410) return 'gone';
  if (response.status >= 200 && response.status < 300) return 'ok';
  return 'unknown';
}

/** A page route changes only with an upgrade of the app: once a day is often enough to ask. */
export const MOVED_PAGES_RECHECK_MS = 24 * 3_600_000;

/**
 * Whether the routes must be checked for this probe: only on HEAD, once per probe, and only when
 * the last check asked about other routes or another origin, or is a day old (each browser
 * session probes again; the pages move only when the app is upgraded).
 */
export function isMovedPagesCheckDue(
  capabilities: { tokensLatest: boolean; probedAt: number } | null,
  last: Pick<MovedPagesFinding, 'probedAt' | 'origin' | 'routes'> | null,
  current: { origin: string; routes: Settings['routes'] },
): capabilities is { tokensLatest: true; probedAt: number } {
  // probedAt 0: marked to probe again (a new browser session), not probed: wait for the probe,
  // which runs only while someone looks.
  if (capabilities?.tokensLatest !== true || capabilities.probedAt <= 0) return false;
  if (last === null) return true;
  if (capabilities.probedAt === last.probedAt) return false;
  return (
    last.origin !== current.origin ||
    last.routes.tokens !== current.routes.tokens ||
    last.routes.ingestion !== current.routes.ingestion ||
    capabilities.probedAt - last.probedAt >= MOVED_PAGES_RECHECK_MS
  );
}

/** The offer to make, or null: the Tokens route moved or is gone on HEAD, and the routes are still the ones asked about. */
export function deriveMovedPagesOffer(
  finding: MovedPagesFinding | null,
  settings: Pick<Settings, 'routes' | 'appOrigins'>,
  isHead: boolean,
): { ingestionGone: boolean } | null {
  if (!finding || !isHead) return null;
  if (finding.tokens !== 'moved' && finding.tokens !== 'gone') return null;
  if (
    settings.routes.tokens !== finding.routes.tokens ||
    settings.routes.ingestion !== finding.routes.ingestion
  ) {
    return null;
  }
  // Already there, or Ingestion set to Bot Tracker (the two routes must differ): nothing to offer.
  if (Object.values(settings.routes).includes(BOT_TRACKER_ROUTE)) return null;
  if (!settings.appOrigins.includes(finding.origin)) return null;
  return { ingestionGone: finding.ingestion === 'moved' || finding.ingestion === 'gone' };
}

/**
 * Whether the app answered that the configured Ingestion page does not exist (404 or 410) on an
 * app origin: then there is no page to open. Only that route must still be the one asked about
 * (accepting the offer moves the Tokens route alone).
 */
export function isIngestionGone(
  finding: MovedPagesFinding | null,
  settings: Pick<Settings, 'routes' | 'appOrigins'>,
): boolean {
  return (
    finding?.ingestion === 'gone' &&
    finding.routes.ingestion === settings.routes.ingestion &&
    settings.appOrigins.includes(finding.origin)
  );
}

/**
 * The settings after the user accepts: the Tokens bar on Bot Tracker. When Ingestion is gone too
 * its bar is switched off (its route is kept, so turning it back on later needs no typing).
 */
export function acceptMovedPages(settings: Settings, offer: { ingestionGone: boolean }): Settings {
  return {
    ...settings,
    routes: { ...settings.routes, tokens: BOT_TRACKER_ROUTE },
    pages: { ...settings.pages, ingestion: settings.pages.ingestion && !offer.ingestionGone },
  };
}
