/**
 * When to fetch what. Pure: time and randomness are parameters, so every rule is tested with
 * tables and no real waiting.
 */
import type { Snapshot } from '../snapshot/types';

/** Why a refresh was asked for. */
export type RefreshReason = 'startup' | 'poll' | 'retry' | 'focus' | 'hint' | 'manual';

/** Data that changes only when an analysis runs is fetched at most this often without a reason. */
export const ANALYSIS_DATA_MAX_AGE_MS = 120_000;
/** `/api/ingest/queue/stats` is cheap and never rate-limited, but changes slowly. */
export const INGEST_MAX_AGE_MS = 60_000;
/** Hints closer together than this are merged into one fetch (a later hint waits, it is not dropped). */
export const HINT_COALESCE_MS = 500;
/** Hard cap per endpoint, well under the app's 300/h limit that the app's own tabs share. */
export const HOURLY_BUDGET_PER_ENDPOINT = 125;
const HOUR_MS = 3_600_000;
const RATE_LIMIT_BASE_MS = 60_000;
const RATE_LIMIT_CAP_MS = 15 * 60_000;
const FAILURE_BASE_MS = 5_000;
const FAILURE_CAP_MS = 5 * 60_000;

/** Whether a refresh asked for `reason` should run now, given the snapshot. */
export function shouldRefresh(
  reason: RefreshReason,
  snapshot: Snapshot,
  now: number,
  pollMs: number,
): boolean {
  const inBackoff = snapshot.nextAttemptAt !== null && now < snapshot.nextAttemptAt;
  const rateLimited = inBackoff && snapshot.errors.some((e) => e.kind === 'rate-limited');
  const sinceAttempt = snapshot.attemptAt === null ? Number.POSITIVE_INFINITY : now - snapshot.attemptAt;
  const age = snapshot.updatedAt === null ? Number.POSITIVE_INFINITY : now - snapshot.updatedAt;
  switch (reason) {
    case 'manual':
      return !rateLimited;
    case 'hint':
      return !rateLimited && sinceAttempt >= HINT_COALESCE_MS;
    case 'retry':
      return !inBackoff;
    case 'poll':
      // Alarms can fire a little early or late; allow a 20 % early tick.
      return !inBackoff && sinceAttempt >= pollMs * 0.8;
    case 'startup':
    case 'focus':
      return !inBackoff && age >= pollMs && sinceAttempt >= pollMs / 2;
  }
}

/** What one refresh will request. */
export interface RequestPlan {
  probe: boolean;
  credits: boolean;
  transactions: boolean;
  /** `/api/tokens/history` and (when present) `/api/tokens/latest`. */
  analysis: boolean;
  ingest: boolean;
}

/**
 * Plans the requests of one refresh. The history is the heavy one (every token at OLD), so it is
 * asked for only when it can have changed: first load, a hint, a manual refresh, or every couple
 * of minutes. A new `token_analysis` transaction discovered in this refresh adds it afterwards
 * (see `needsAnalysisAfter`).
 */
export function planRequests(
  reason: RefreshReason,
  snapshot: Snapshot,
  now: number,
  apiBase: string,
): RequestPlan {
  const caps = snapshot.capabilities;
  const probe = caps === null || caps.apiBase !== apiBase;
  const analysisAge =
    snapshot.recentAnalyses === null ? Number.POSITIVE_INFINITY : now - snapshot.recentAnalyses.fetchedAt;
  const ingestAge = snapshot.ingest === null ? Number.POSITIVE_INFINITY : now - snapshot.ingest.fetchedAt;
  return {
    probe,
    credits: true,
    transactions: true,
    analysis: probe || reason === 'hint' || reason === 'manual' || analysisAge >= ANALYSIS_DATA_MAX_AGE_MS,
    ingest: (probe || caps?.ingestStats !== false) && (reason === 'manual' || ingestAge >= INGEST_MAX_AGE_MS),
  };
}

/** Whether freshly seen transactions show an analysis finished since the history was fetched. */
export function needsAnalysisAfter(
  previousAnalysisTxId: number | null,
  newAnalysisTxId: number | null,
): boolean {
  return (
    newAnalysisTxId !== null && (previousAnalysisTxId === null || newAnalysisTxId > previousAnalysisTxId)
  );
}

/**
 * Delay before the next automatic attempt after a failed one. Rate limits wait at least a minute
 * and double to 15 minutes (the app's `Retry-After` is not a number); other failures use
 * exponential backoff with full jitter, so many browsers do not retry in step.
 */
export function backoffDelay(kind: 'rate-limited' | 'failure', failures: number, random: number): number {
  const n = Math.max(0, Math.min(failures - 1, 10));
  if (kind === 'rate-limited') return Math.min(RATE_LIMIT_CAP_MS, RATE_LIMIT_BASE_MS * 2 ** n);
  const ceiling = Math.min(FAILURE_CAP_MS, FAILURE_BASE_MS * 2 ** (n + 1));
  return Math.max(FAILURE_BASE_MS, Math.round(random * ceiling));
}

/** Request times per endpoint over the last hour. */
export type RequestLog = Record<string, number[]>;

/**
 * Takes one request from an endpoint's hourly budget. Returns false (and records nothing) when the
 * endpoint already used its budget in the last hour.
 */
export function takeBudget(
  log: RequestLog,
  endpoint: string,
  now: number,
  limit = HOURLY_BUDGET_PER_ENDPOINT,
): boolean {
  const recent = (log[endpoint] ?? []).filter((t) => now - t < HOUR_MS && t <= now);
  if (recent.length >= limit) {
    log[endpoint] = recent;
    return false;
  }
  recent.push(now);
  log[endpoint] = recent;
  return true;
}
