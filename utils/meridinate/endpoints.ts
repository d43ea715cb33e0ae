/**
 * The Meridinate endpoints the extension reads and the queries it sends them (see the API
 * contract). The one place that knows the paths: the engine asks them, the reducer names them in
 * its errors, the history reads past days from the range.
 */

export const ENDPOINTS = {
  credits: '/api/stats/credits/today',
  transactions: '/api/stats/credits/transactions',
  history: '/api/tokens/history',
  latest: '/api/tokens/latest',
  ingest: '/api/ingest/queue/stats',
  range: '/api/stats/credits/range',
} as const;

/**
 * Whether only some versions have the endpoint (API.md §1); the others exist at every version. A
 * function, not a set: the bar reads this module's timeout and must not carry a set built at load.
 */
export function isOptionalEndpoint(path: string): boolean {
  return path === ENDPOINTS.latest || path === ENDPOINTS.ingest;
}

/** Per-request timeout: the app's back end can block for minutes (see the contract). */
export const REQUEST_TIMEOUT_MS = 8000;

/** Rows asked for per fetch (`?limit=`): enough for five readable events after a burst of calls. */
export const TRANSACTIONS_PAGE = 200;
/** The transactions page: the newest {@link TRANSACTIONS_PAGE} rows. */
export const TRANSACTIONS_QUERY = `?limit=${TRANSACTIONS_PAGE}`;

/** The history query that is cheap on HEAD (paged, last 48 h) and ignored by OLD. */
export const HISTORY_QUERY = '?limit=1000&since_hours=48';
/**
 * OLD returns the whole token table (about 1.5–2.5 KB per token); accept databases of some
 * 10,000 tokens there, while other endpoints keep the client's tighter limit.
 */
export const HISTORY_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The range query for `k` days back (`credits/range?days=k`). */
export const rangeQuery = (k: number) => `?days=${k}`;
/** The range read that measures the server's offset: one day back, whose end is the server's "now". */
export const OFFSET_QUERY = '?days=1';
