/**
 * The app's answers as the extension's own rows: what the normalisers (`reads.ts`) make of the
 * checked API bodies, once, and what the snapshot folds. Times are epoch ms, names are cleaned for
 * display, analysis rows are flagged. No schema library and no parsing here: the state layer
 * imports these types without pulling either in.
 */

/** What failed, in words a user can act on. */
export type ErrorKind = 'offline' | 'timeout' | 'rate-limited' | 'server' | 'bad-data' | 'not-found';

/** One request's outcome: a value, "not modified" (ETag), or a typed failure. */
export type ApiResult<T> =
  | { ok: true; value: T; etag: string | null }
  | { ok: true; notModified: true; etag: string | null }
  | { ok: false; kind: ErrorKind; status?: number; message: string };

/**
 * A time the app sent in the server's local wall clock (credits `period_*`, ingest runs). A naive
 * value needs the server's offset, which the snapshot learns over time; one with an explicit zone
 * is an instant already.
 */
export interface ServerTime {
  /** Epoch ms when `naive` is false; else the wall-clock reading taken as if it were UTC. */
  ms: number;
  naive: boolean;
}

const MINUTE_MS = 60_000;

/** A server time as epoch ms, given the server's offset (minutes east of UTC); null stays null. */
export function serverTimeMs(time: ServerTime | null, offsetMin: number): number | null {
  if (time === null) return null;
  if (!time.naive) return time.ms;
  const ms = time.ms - offsetMin * MINUTE_MS;
  // A non-finite or absurd offset gives no time rather than ±Infinity.
  return Number.isFinite(ms) ? ms : null;
}

/** One credit transaction (one API call of the app). */
export interface CreditTransaction {
  id: number;
  /** The operation as the app named it, capped: for the export only (attacker-chosen text). */
  operation: string;
  /** The operation cleaned for display (no bidi or zero-width tricks, capped), or `unknown`. */
  label: string;
  credits: number;
  /** Epoch ms, or null when the app gave no parsable time. */
  at: number | null;
  tokenId: number | null;
  /** The token's mint, capped: for the export only (attacker-chosen text). */
  mint: string | null;
  /** An analysis summary row: written when an analysis finished. */
  analysis: boolean;
  /** The analysis's total (`context.total_credits`) when it is a count, else null. */
  total: number | null;
}

/** One analysed token: the latest analysis (`tokens/latest`) or a row of the history. */
export interface TokenAnalysis {
  tokenId: number | null;
  /** Cleaned for display (no bidi or zero-width tricks, capped). */
  name: string;
  /** The raw name as text, capped, for the tooltip only. */
  rawName: string;
  /** Epoch ms of the analysis, or null when the app gave no parsable time. */
  at: number | null;
  walletsFound: number | null;
  credits: number | null;
}

/** `credits/today`: the day's credits and the server-local day they count. */
export interface DayCredits {
  total: number;
  byOperation: Record<string, number>;
  /** Server-local midnight of the credit day, as the app sent it. */
  periodStart: string;
  /** That midnight; null when it is not an exact midnight (the day cannot be placed). */
  dayStart: ServerTime | null;
  /** The next midnight (`period_end`); null when it is not an exact midnight. */
  dayEnd: ServerTime | null;
  /**
   * What changes with every transaction row (`creditsSign`): equal signs read at two moments mean
   * no row was added between them; null when the app sent no row count.
   */
  sign: string | null;
}

/** `ingest/queue/stats`: when the app's background jobs last ran. */
export interface IngestTimes {
  tier0At: ServerTime | null;
  discoveryAt: ServerTime | null;
  enrichAt: ServerTime | null;
  enrichCredits: number | null;
  hotRefreshAt: ServerTime | null;
  refreshAt: ServerTime | null;
}

/** `credits/range?days=1`: the server's offset from UTC as its "now" shows it, or null. */
export interface ServerClock {
  offsetMin: number | null;
}

/**
 * The answers of one refresh as domain rows, by read (`READS` in `reads.ts` gives each one; the
 * compiler checks they agree); an endpoint not asked for is absent.
 */
export interface Answers {
  credits?: ApiResult<DayCredits>;
  transactions?: ApiResult<CreditTransaction[]>;
  history?: ApiResult<TokenAnalysis[]>;
  /** Null: the app has no analysis at all (an empty database). */
  latest?: ApiResult<TokenAnalysis | null>;
  ingest?: ApiResult<IngestTimes>;
  range?: ApiResult<ServerClock>;
}
