/** The one snapshot every view renders from. Written only by the background. */
import type { ErrorKind, TokenAnalysis } from '../meridinate/domain';
import type { Usage } from './usage';

export const SNAPSHOT_VERSION = 1;

/** One line of "Recent Credits": a run of calls of one operation, or a finished analysis. */
export interface CreditEvent {
  /** Highest transaction id in the event; events are ordered by it. */
  id: number;
  /** Lowest transaction id in the event. */
  firstId: number;
  /** Operation name, cleaned for display. */
  operation: string;
  /** Summed credits (for an analysis: its total from `context.total_credits`). */
  credits: number;
  /** Number of calls merged into this event. */
  count: number;
  /** Epoch ms of the newest row, or null when the app gave no parsable time. */
  at: number | null;
  /** A 0-credit `token_analysis` summary row: an analysis finished. */
  analysis: boolean;
}

export interface IngestRuns {
  /** Last Tier-0 / discovery run, epoch ms. */
  ingestAt: number | null;
  enrichAt: number | null;
  enrichCredits: number | null;
  hotRefreshAt: number | null;
}

export interface FetchError {
  kind: ErrorKind;
  /** HTTP status when there was one. */
  status?: number;
  /** Which endpoint (path) failed. */
  endpoint: string;
  message: string;
  at: number;
}

/** Which optional endpoints the connected back end has. `null`: not probed yet. */
export interface Capabilities {
  /** `/api/tokens/latest` answers 200 (HEAD, since 1014ed2). */
  tokensLatest: boolean;
  /** `/api/ingest/queue/stats` exists. */
  ingestStats: boolean;
  /**
   * When the ingest stats were last found missing (404/422) after the probe: a missing endpoint is
   * asked again now and then, since a fault of the moment at the probe looks the same.
   */
  ingestMissingAt?: number;
  /** Server-local offset from UTC in minutes, learnt from `credits/range`. */
  serverOffsetMin: number | null;
  /**
   * When `serverOffsetMin` was last measured (epoch ms); 0 asks for a new measurement. Absent in
   * older snapshots (then `probedAt` stands for it). The offset changes with DST, so it is
   * measured again at each server day, every few hours and whenever the day does not fit it.
   */
  offsetAt?: number;
  /** The API base these were probed on; a change of URL means probing again. */
  apiBase: string;
  /** When the capabilities were probed; 0 asks for a new probe (a new browser session). */
  probedAt: number;
}

export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Last time every figure was fetched fine (epoch ms), or null. */
  updatedAt: number | null;
  /** Last time a fetch was attempted. */
  attemptAt: number | null;
  credits: {
    total: number;
    byOperation: Record<string, number>;
    /** Server-local midnight of the credit day, as the app sent it. */
    periodStart: string;
    /** Epoch ms of that midnight, when the server's offset is known. */
    dayStartMs: number | null;
    /** Epoch ms of the next midnight (`period_end`); 23 or 25 h later on a DST change. */
    dayEndMs: number | null;
    /**
     * The offset `dayStartMs` was computed with and when it was measured: the first measurement
     * made within this server day is kept for the day's start, so a DST change later that day
     * moves only the day's end.
     */
    dayOffsetMin?: number;
    dayOffsetAt?: number | null;
    /**
     * The offset changed since the server was last seen, too long ago to tell whether before or
     * after this day's midnight: the day's start may be an hour off, so "Tokens Scanned Today" is
     * not exact until the next day. Absent when the start is known.
     */
    dayStartUnknown?: true;
    fetchedAt: number;
  } | null;
  /**
   * UTC epoch ms of the latest analysis of each token analysed in the last ~48 h, newest first.
   * "Tokens scanned today" is derived from it, so it follows the credit day even between fetches.
   */
  recentAnalyses: {
    times: number[];
    fetchedAt: number;
    /**
     * When the figure was last known current: fetched, or proven unchanged by a later
     * transactions page (see the reducer). Absent in older snapshots: `fetchedAt` then.
     */
    checkedAt?: number;
    /**
     * Every analysis whose summary row has an id up to this one is in the history: the
     * transactions seen before the history was asked for, advanced by each proof.
     */
    coverTxId?: number | null;
  } | null;
  latest: (TokenAnalysis & { fetchedAt: number; checkedAt?: number }) | null;
  /** Newest first; at most `MAX_EVENTS` charges, plus a few folded 0-credit runs (`events.ts`). */
  events: CreditEvent[];
  /** When the transactions page (Recent Credits) was last fetched. Absent in older snapshots. */
  transactionsAt?: number | null;
  /** Highest transaction id seen. */
  lastTransactionId: number | null;
  /** Highest `token_analysis` transaction id seen: a new one means the history changed. */
  lastAnalysisTxId: number | null;
  ingest: (IngestRuns & { fetchedAt: number }) | null;
  capabilities: Capabilities | null;
  /** Errors of the last attempt, per endpoint. Empty when the last attempt was fine. */
  errors: FetchError[];
  /** Consecutive attempts in which every request failed. */
  failures: number;
  /** When the next automatic attempt is due (backoff), epoch ms. */
  nextAttemptAt: number | null;
  /**
   * Endpoints held back, and when each is asked again (epoch ms): the extension's own hourly
   * budget is spent, or (with `strikes`) the back end's limiter answered 429 that many times in a
   * row. Only that endpoint waits; the others keep their pace. Absent in older snapshots.
   */
  paused?: Hold[];
  /**
   * `credits/today`'s day, total and row count read just before the last transactions page was
   * asked: while they stay the same, no row was added and the page need not be asked again.
   */
  transactionsSign?: string | null;
  /** The hint WebSocket. */
  socket: 'connected' | 'connecting' | 'closed';
  /** When the running fetch started (epoch ms), or null when none runs. */
  updating: number | null;
  /**
   * When polling last resumed after nobody looked (epoch ms). Data fetched before it may miss
   * what happened meanwhile, so it is not called Live once older than one interval. Absent in
   * older snapshots.
   */
  watchedSince?: number | null;
  /** Credits per hour and per minute from the transactions seen (absent in older snapshots). */
  usage?: Usage | null;
}

/** An endpoint held back until `until`; `strikes`: 429s in a row (absent: the extension's own budget). */
export interface Hold {
  endpoint: string;
  until: number;
  strikes?: number;
}

export const MAX_EVENTS = 20;

export function createEmptySnapshot(): Snapshot {
  return {
    version: SNAPSHOT_VERSION,
    updatedAt: null,
    attemptAt: null,
    credits: null,
    recentAnalyses: null,
    latest: null,
    events: [],
    lastTransactionId: null,
    lastAnalysisTxId: null,
    ingest: null,
    capabilities: null,
    errors: [],
    failures: 0,
    nextAttemptAt: null,
    socket: 'closed',
    updating: null,
  };
}
