/**
 * When to fetch what. Pure: time and randomness are parameters, so every rule is tested with
 * tables and no real waiting.
 */

/**
 * What the timing rules read of the state. The snapshot has these fields (and more) and is passed
 * as it is: the schedule needs no more of it, and does not depend on the state layer above it.
 */
export interface FetchState {
  /** When the last fetch was attempted; null: never. */
  attemptAt: number | null;
  /** When every figure was last fetched fine; null: never. */
  updatedAt: number | null;
  /** When the next automatic attempt is due (backoff), or null. */
  nextAttemptAt: number | null;
  errors: readonly { kind: string }[];
  capabilities: {
    apiBase: string;
    probedAt: number;
    ingestStats: boolean;
    ingestMissingAt?: number;
    serverOffsetMin: number | null;
    offsetAt?: number;
  } | null;
  credits: { dayStartMs: number | null; dayEndMs: number | null } | null;
  recentAnalyses: { fetchedAt: number; checkedAt?: number } | null;
  ingest: { fetchedAt: number } | null;
}

/** Why a refresh was asked for. */
export type RefreshReason = 'startup' | 'poll' | 'retry' | 'focus' | 'hint' | 'manual';

/** Data that changes only when an analysis runs is fetched at most this often without a reason. */
export const ANALYSIS_DATA_MAX_AGE_MS = 120_000;
/**
 * The transactions page is read at least this often even when `credits/today` shows no new row
 * (a safety net should the count ever miss one): about one request in two minutes while idle.
 */
export const TRANSACTIONS_MAX_AGE_MS = 120_000;
/**
 * How long the transactions page waits for credits/today's answer, which decides whether it is
 * needed: a slower answer (a slow or hanging back end) does not hold it back, it is asked.
 */
export const TRANSACTIONS_WAIT_MS = 1_000;
/** `/api/ingest/queue/stats` is cheap and never rate-limited, but changes slowly. */
export const INGEST_MAX_AGE_MS = 60_000;
/**
 * The ingest stats found missing are asked for again this often: both app versions have them, so
 * a 404/422 at the probe is more likely a fault of the moment (a restart, a proxy) than their absence.
 */
export const INGEST_RECHECK_MS = 10 * 60_000;
/**
 * Hints closer together than this are merged into one fetch (a later hint waits, it is not
 * dropped). The app's socket and notify routes are unauthenticated, so this also bounds a flood:
 * at most one hint-driven refresh per window. The bar's Refresh (a page can click it) counts as a
 * hint too.
 */
export const HINT_COALESCE_MS = 5_000;
/** A hint right after any fetch waits this long, so the fetch it announces has landed. */
export const HINT_SETTLE_MS = 500;
/** The heavy history is fetched at most this often for a hint (a manual refresh may ask sooner). */
export const HISTORY_MIN_GAP_MS = 30_000;
/**
 * A poll tick is skipped only when a fetch started less than this before it: then the data is as
 * new as the tick's would be, and the next tick still comes within one interval and this gap.
 */
export const POLL_MIN_GAP_MS = 1_000;
/** The server's offset is measured again at least this often (DST). */
export const OFFSET_MAX_AGE_MS = 6 * 3_600_000;
/** A failed offset measurement is tried again after this long, not on every refresh. */
export const OFFSET_RETRY_MS = 60_000;
/** A probe that could not finish (an endpoint failing) is tried again after this long. */
export const PROBE_RETRY_MS = 60_000;
/** Hard cap per endpoint, well under the app's 300/h limit that the app's own tabs share. */
export const HOURLY_BUDGET_PER_ENDPOINT = 125;
const HOUR_MS = 3_600_000;
const RATE_LIMIT_BASE_MS = 60_000;
const RATE_LIMIT_CAP_MS = 15 * 60_000;
const FAILURE_BASE_MS = 5_000;
/** A retry never starts sooner than this after the failed attempt ended (a hang is not hammered). */
export const MIN_RETRY_GAP_MS = FAILURE_BASE_MS;
/** Test builds poll every few seconds; their backoff still grows to the product's 30 s. */
const FAILURE_CAP_FLOOR_MS = 30_000;
/**
 * During an outage each attempt is one light request; attempts come at most one poll interval
 * apart (so the data is live again within an interval of the fault clearing) and at least
 * this share of it apart (so a long outage costs about two requests a minute at 30 s).
 */
const FAILURE_FLOOR_SHARE = 0.9;

/** Whether the snapshot says to wait before the next automatic attempt. */
export function isInBackoff(snapshot: FetchState, now: number): boolean {
  return snapshot.nextAttemptAt !== null && now < snapshot.nextAttemptAt;
}

/** Whether a refresh asked for `reason` should run now, given the snapshot. */
export function shouldRefresh(
  reason: RefreshReason,
  snapshot: FetchState,
  now: number,
  pollMs: number,
): boolean {
  const inBackoff = isInBackoff(snapshot, now);
  const sinceAttempt = snapshot.attemptAt === null ? Number.POSITIVE_INFINITY : now - snapshot.attemptAt;
  const age = snapshot.updatedAt === null ? Number.POSITIVE_INFINITY : now - snapshot.updatedAt;
  switch (reason) {
    case 'manual':
      // The user asked: even during a backoff (an endpoint the back end's limiter holds is
      // still left out, see the engine).
      return true;
    case 'hint':
      // Hints never bypass a backoff: a flood during an outage must not multiply the requests.
      return !inBackoff && sinceAttempt >= HINT_SETTLE_MS;
    case 'retry':
      // Only a retry that is still owed: after a successful attempt a leftover alarm does nothing.
      return snapshot.nextAttemptAt !== null && !inBackoff;
    case 'poll':
      // The alarm keeps its own phase: a hint or Refresh between ticks does not cost the next
      // tick, so a charge shows within one interval (and POLL_MIN_GAP_MS) by polling alone.
      return !inBackoff && sinceAttempt > POLL_MIN_GAP_MS;
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
  /** `/api/stats/credits/range?days=1`: measure the server's UTC offset. */
  offset: boolean;
}

/**
 * Whether the server's offset should be measured again: never measured (or a failed
 * measurement), older than six hours, measured before the current server day began, or the
 * server day is due to have rolled over. Offsets change with DST, so a stored one is never
 * trusted for good; the reducer also asks for a measurement (offsetAt 0) when the credit day
 * does not fit the offset.
 */
export function isOffsetDue(snapshot: FetchState, now: number): boolean {
  const caps = snapshot.capabilities;
  if (caps === null || caps.serverOffsetMin === null) return true;
  const at = caps.offsetAt ?? caps.probedAt;
  if (at <= 0 || now - at >= OFFSET_MAX_AGE_MS) return true;
  const credits = snapshot.credits;
  if (credits?.dayStartMs != null && at < credits.dayStartMs) return true;
  return credits?.dayEndMs != null && now >= credits.dayEndMs && at < credits.dayEndMs;
}

/**
 * Plans the requests of one refresh. The history is the heavy one (every token at OLD), so it is
 * asked for only when it can have changed: first load, a hint, a manual refresh, or every couple
 * of minutes. A new `token_analysis` transaction discovered in this refresh adds it afterwards
 * (see `needsAnalysisAfter`).
 */
export function planRequests(
  reason: RefreshReason,
  snapshot: FetchState,
  now: number,
  apiBase: string,
  pollMs = 30_000,
  probeAllowed = true,
): RequestPlan {
  const caps = snapshot.capabilities;
  const probe = probeAllowed && (caps === null || caps.apiBase !== apiBase || caps.probedAt <= 0);
  const history = snapshot.recentAnalyses;
  const analysisAge = history === null ? Number.POSITIVE_INFINITY : now - history.fetchedAt;
  // Not proven current at the last poll (see the reducer): fetch before it turns stale.
  const unchecked = history !== null && now - (history.checkedAt ?? history.fetchedAt) >= pollMs * 1.5;
  const ingestAge = snapshot.ingest === null ? Number.POSITIVE_INFINITY : now - snapshot.ingest.fetchedAt;
  // At a tick, early enough that the figure is never older than two intervals at the next one;
  // other refreshes leave it to the ticks (a minute at most), so it costs one request a minute.
  const ingestMaxAge = reason === 'poll' ? Math.min(INGEST_MAX_AGE_MS, pollMs + 7_000) : INGEST_MAX_AGE_MS;
  return {
    probe,
    credits: true,
    transactions: true,
    analysis:
      probe ||
      reason === 'manual' ||
      analysisAge >= ANALYSIS_DATA_MAX_AGE_MS ||
      ((reason === 'hint' || unchecked) && analysisAge >= HISTORY_MIN_GAP_MS),
    // A probe needs the endpoint's answer to complete (else it runs again a minute later).
    ingest:
      probe ||
      (caps?.ingestStats !== false
        ? reason === 'manual' || ingestAge >= ingestMaxAge
        : now - (caps.ingestMissingAt ?? caps.probedAt) >= INGEST_RECHECK_MS),
    offset: probe || isOffsetDue(snapshot, now),
  };
}

/**
 * Whether the transactions page need not be asked in this refresh: `credits/today`, read just
 * before, gives the same sign (day, total, row count) as the one read before the last page, so no
 * row was added since. A manual refresh asks anyway, and so does a page older than
 * {@link TRANSACTIONS_MAX_AGE_MS}.
 */
export function isTransactionsPageCurrent(
  reason: RefreshReason,
  known: { sign: string | null | undefined; pageAt: number },
  sign: string | null,
  now: number,
): boolean {
  return (
    reason !== 'manual' &&
    sign !== null &&
    sign === known.sign &&
    now - known.pageAt < TRANSACTIONS_MAX_AGE_MS
  );
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
 * and double to 15 minutes (the app's `Retry-After` is not a number). Other failures grow from
 * 5 s with jitter, so many browsers do not retry in step, up to one poll interval (at least 30 s): each attempt
 * during an outage is a single light request, so the back end is asked about twice a minute and
 * the data is live again within an interval of it answering.
 */
export function backoffDelay(
  kind: 'rate-limited' | 'failure',
  failures: number,
  random: number,
  pollMs = 30_000,
): number {
  const n = Math.max(0, Math.min(failures - 1, 10));
  if (kind === 'rate-limited') return Math.min(RATE_LIMIT_CAP_MS, RATE_LIMIT_BASE_MS * 2 ** n);
  const cap = Math.max(FAILURE_CAP_FLOOR_MS, pollMs);
  const ceiling = FAILURE_BASE_MS * 2 ** (n + 1);
  if (ceiling < cap) return Math.max(FAILURE_BASE_MS, Math.round(random * ceiling));
  return Math.round(cap * (FAILURE_FLOOR_SHARE + random * (1 - FAILURE_FLOOR_SHARE)));
}

/**
 * When the next automatic attempt is due after a failed one (`backoffDelay`) that started at
 * `startedAt` and ended at `now`. Other failures count from the attempt's start, so a hanging back
 * end (8 s per attempt) is not asked less often than a refusing one; never sooner than
 * {@link MIN_RETRY_GAP_MS} after the attempt ended.
 */
export function retryAt(
  kind: 'rate-limited' | 'failure',
  failures: number,
  timing: { random: number; pollMs: number; startedAt: number; now: number },
): number {
  const delay = backoffDelay(kind, failures, timing.random, timing.pollMs);
  return kind === 'rate-limited'
    ? timing.now + delay
    : Math.max(timing.startedAt + delay, timing.now + MIN_RETRY_GAP_MS);
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

/** When an endpoint whose budget is spent has room for a request again (epoch ms). */
export function budgetResumeAt(log: RequestLog, endpoint: string, now: number): number {
  const recent = (log[endpoint] ?? []).filter((t) => now - t < HOUR_MS && t <= now);
  return recent.length === 0 ? now : Math.min(...recent) + HOUR_MS;
}
