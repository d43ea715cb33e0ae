/**
 * The snapshot reducer: folds the results of one refresh into the previous snapshot. Pure. Each
 * figure is replaced only by a good answer for it; a failed or invalid answer keeps the last good
 * value (marked by its own `fetchedAt`) and records a readable error.
 */
import {
  type Answers,
  type ApiResult,
  type CreditTransaction,
  type ServerTime,
  serverTimeMs,
  type TokenAnalysis,
} from '../meridinate/domain';
import { ENDPOINTS, isOptionalEndpoint, TRANSACTIONS_PAGE } from '../meridinate/endpoints';
import { buildCreditEvents, mergeEvents } from './events';
import type { Capabilities, FetchError, Hold, Snapshot } from './types';
import { MAX_EVENTS } from './types';
import { foldUsage } from './usage';

/**
 * The results of one refresh, as domain rows (`range`: when this refresh measured the server's
 * offset); an endpoint not asked for is absent.
 */
export interface RefreshResults extends Answers {
  /** New capabilities when this refresh probed. */
  capabilities?: Capabilities;
  /**
   * The highest transaction id seen before the history was asked for (default: the snapshot's
   * `lastTransactionId`): every analysis with a summary row up to it is in the history.
   */
  coverTxId?: number | null;
  /** Endpoints this refresh did not ask because their hourly budget is spent. */
  paused?: Hold[];
  /**
   * The transactions page was not asked: `credits/today` (read first) shows the same day, total
   * and row count as before the last page, so no row was added since.
   */
  transactionsUnchanged?: boolean;
  /** `credits/today`'s sign read just before this refresh asked the transactions page. */
  transactionsSign?: string | null;
}

/** Analyses older than this are not kept: "today" never reaches further back. */
const RECENT_WINDOW_MS = 48 * 3_600_000;
const MAX_RECENT = 2000;
/**
 * Analysis times further ahead of the clock than this are a wrong clock or hostile data: they
 * would count as "scanned today" and pin Latest for good. Their rows are kept, the times ignored.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How far the credit day may seem to miss the clock (skew) before the offset is measured again. */
const DAY_FIT_TOLERANCE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Whether a transactions page proves that no analysis finished since the history covered
 * `coverTxId`. Each analysis ends with an analysis summary row written after the token's
 * row is updated, ids grow with time, and the page is the newest rows by `timestamp` (ties in
 * any order). So if the page holds every row newer than `coverTxId` and none of them is a
 * summary row, the history (and Latest) are still current. The page holds every such row when
 * it is not full (the whole table) or when it holds a row at or below `coverTxId` that is newer
 * than the page's oldest second (rows of the oldest second may be cut off).
 * Assumes the app's clock does not run backwards between rows; a row the schema dropped (not
 * valid) is not seen, which at worst keeps a figure marked current until the next history fetch
 * (at most two minutes).
 */
export function provesHistoryCurrent(
  rows: readonly CreditTransaction[],
  coverTxId: number | null | undefined,
): boolean {
  if (rows.length === 0) return true;
  if (coverTxId == null) return false;
  if (rows.some((row) => row.analysis && row.id > coverTxId)) return false;
  if (rows.length < TRANSACTIONS_PAGE) return true;
  let oldest = Number.POSITIVE_INFINITY;
  for (const row of rows) oldest = Math.min(oldest, row.at ?? Number.NEGATIVE_INFINITY);
  return rows.some((row) => row.id <= coverTxId && (row.at ?? Number.NEGATIVE_INFINITY) > oldest);
}

function latestFromHistory(tokens: readonly TokenAnalysis[], now: number): TokenAnalysis | null {
  let newest: TokenAnalysis | null = null;
  for (const token of tokens) {
    const at = token.at;
    if (at !== null && at > now + FUTURE_TOLERANCE_MS) continue;
    // Times have 1 s resolution and the app breaks no ties: within a second the newer row wins.
    const newer =
      newest === null ||
      (at !== null &&
        (newest.at === null ||
          at > newest.at ||
          (at === newest.at && (token.tokenId ?? -1) > (newest.tokenId ?? -1))));
    if (newer) newest = token;
  }
  return newest;
}

/** When a figure was last known current: its fetch, or a later proof it was unchanged. */
const confirmedAt = (figure: { fetchedAt: number; checkedAt?: number }) =>
  figure.checkedAt ?? figure.fetchedAt;

/**
 * Latest, confirmed at `now` along with the analyses (`held`, as they were before this proof):
 * it shares their proof when it was current whenever they last were.
 */
function confirmLatest(
  latest: Snapshot['latest'],
  held: { fetchedAt: number; checkedAt?: number },
  now: number,
) {
  return latest && confirmedAt(latest) >= confirmedAt(held) ? { ...latest, checkedAt: now } : latest;
}

function errorOf(result: ApiResult<unknown> | undefined, endpoint: string, now: number): FetchError | null {
  if (!result || result.ok) return null;
  return { kind: result.kind, status: result.status, endpoint, message: result.message, at: now };
}

/**
 * The server's offset at the midnight that starts its day. A DST change between that midnight and
 * now is invisible in the API; but a server whose offset equals the browser's (the common case
 * outside Docker) is taken to share its zone, whose rules then give the offset at midnight.
 */
function offsetAtMidnight(
  dayStart: ServerTime | null,
  offsetMin: number,
  browserOffsetMin: number,
  localOffsetAt: ((ms: number) => number) | undefined,
): number {
  if (!localOffsetAt || offsetMin !== browserOffsetMin) return offsetMin;
  const guess = serverTimeMs(dayStart, offsetMin);
  if (guess === null) return offsetMin;
  const first = localOffsetAt(guess);
  const start = serverTimeMs(dayStart, first);
  return start === null ? offsetMin : localOffsetAt(start);
}

/** DST changes fall in the small hours (Chatham's at 03:45): an offset measured after 04:00 the day before still held at midnight. */
const CHANGE_WINDOW_MS = 20 * 3_600_000;

/**
 * The offset at the day's midnight when the offset changed since the last measurement: one taken
 * the evening (or afternoon) before this server day began still held at its midnight, since DST
 * changes fall in the small hours, after it.
 */
function offsetBeforeChange(
  before: Capabilities | null,
  offsetMin: number,
  dayStart: ServerTime | null,
): number | null {
  const old = before?.serverOffsetMin;
  const at = before ? (before.offsetAt ?? before.probedAt) : 0;
  if (old == null || old === offsetMin || at <= 0) return null;
  const start = serverTimeMs(dayStart, old);
  return start !== null && at < start && at >= start - CHANGE_WINDOW_MS ? old : null;
}

/**
 * Whether the day's midnight cannot be known: the server's offset changed since the last
 * measurement, which was taken before the evening ahead of this day (so the change may have
 * fallen before or after midnight), and the server is not in the browser's zone (whose rules
 * would tell). The API says nothing more: `credits/range` subtracts its days in naive wall time.
 */
function isDayStartUnknown(
  before: Capabilities | null,
  offsetMin: number,
  dayStart: ServerTime | null,
  browserOffsetMin: number,
): boolean {
  const old = before?.serverOffsetMin;
  const at = before ? (before.offsetAt ?? before.probedAt) : 0;
  if (old == null || old === offsetMin || at <= 0 || offsetMin === browserOffsetMin) return false;
  const start = serverTimeMs(dayStart, old);
  return start !== null && at < start - CHANGE_WINDOW_MS;
}

/** Folds one refresh into the snapshot. */
export function reduceSnapshot(
  prev: Snapshot,
  results: RefreshResults,
  now: number,
  options: {
    /** When the next attempt is due after a failed one (the schedule's backoff). */
    retryAt: (kind: 'rate-limited' | 'failure', failures: number) => number;
    fallbackOffsetMin: number;
    /** The browser's offset at an instant (its zone's rules), when known. */
    localOffsetAt?: (ms: number) => number;
    /**
     * Whether some time zone now `offsetMin` from UTC had another offset at `fromMs` (the
     * browser's zone database): a server first seen then may have changed its clock that day.
     */
    offsetMayHaveChanged?: (offsetMin: number, fromMs: number, toMs: number) => boolean;
    /** When the refresh started (default `now`): the poll and backoff phases count from it. */
    startedAt?: number;
  },
): Snapshot {
  const startedAt = options.startedAt ?? now;
  const next: Snapshot = { ...prev, attemptAt: startedAt, updating: null };
  // Capabilities probed while the back end is failing (e.g. answering 422 to everything) would
  // be wrong for the whole session: trust them only when credits/today answered.
  if (results.capabilities && results.credits?.ok) next.capabilities = results.capabilities;
  const range = results.range;
  const measured = range?.ok && 'value' in range ? range.value.offsetMin : null;
  if (measured !== null && next.capabilities) {
    next.capabilities = { ...next.capabilities, serverOffsetMin: measured, offsetAt: now };
  }
  const caps = next.capabilities;
  // A measurement made before the capabilities are known (the probe has not finished) still
  // counts for this refresh: the browser's offset is only a guess.
  const offsetMin =
    caps?.serverOffsetMin ??
    measured ??
    (prev.credits?.dayOffsetAt != null ? prev.credits.dayOffsetMin : undefined) ??
    options.fallbackOffsetMin;

  const credits = results.credits;
  if (credits?.ok && 'value' in credits) {
    const { periodStart, dayStart, dayEnd } = credits.value;
    const before = prev.credits;
    // The day's start keeps the first offset measured within that day: a DST change later in
    // the day moves only its end (the next midnight is in the new offset).
    const keepStart =
      before?.periodStart === periodStart &&
      before.dayOffsetMin !== undefined &&
      before.dayOffsetAt != null &&
      before.dayStartMs !== null &&
      before.dayOffsetAt >= before.dayStartMs;
    const dayOffsetMin = keepStart
      ? (before.dayOffsetMin as number)
      : (offsetBeforeChange(prev.capabilities, offsetMin, dayStart) ??
        offsetAtMidnight(dayStart, offsetMin, options.fallbackOffsetMin, options.localOffsetAt));
    const measuredAt =
      caps?.serverOffsetMin != null ? (caps.offsetAt ?? caps.probedAt) : measured !== null ? now : null;
    const dayStartMs = serverTimeMs(dayStart, dayOffsetMin);
    const dayEndMs = serverTimeMs(dayEnd, offsetMin);
    next.credits = {
      total: credits.value.total,
      byOperation: credits.value.byOperation,
      periodStart,
      dayStartMs,
      dayEndMs,
      dayOffsetMin,
      dayOffsetAt: keepStart ? before.dayOffsetAt : measuredAt,
      fetchedAt: now,
    };
    // Without any measurement the offset is the browser's guess: the day's start (and so Tokens
    // Scanned Today) is unsure until one answers, e.g. the first refresh after an outage at start.
    // Never seen before, in another zone than the browser's, on a day some zone with this offset
    // changed its clock: the change may have fallen after this day's midnight (nothing in the API
    // says), so the day's start is unsure until the next midnight.
    const firstSeenOnChangeDay =
      prev.capabilities?.serverOffsetMin == null &&
      measuredAt !== null &&
      offsetMin !== options.fallbackOffsetMin &&
      dayStartMs !== null &&
      options.offsetMayHaveChanged?.(offsetMin, dayStartMs, now) === true;
    const unknown = keepStart
      ? before.dayStartUnknown === true
      : measuredAt === null ||
        firstSeenOnChangeDay ||
        isDayStartUnknown(prev.capabilities, offsetMin, dayStart, options.fallbackOffsetMin);
    if (unknown) next.credits.dayStartUnknown = true;
    // The app's "today" does not contain now for the offset we hold: it changed (DST, a moved
    // server); measure it again on the next refresh.
    const fits =
      dayStartMs !== null &&
      dayEndMs !== null &&
      now >= dayStartMs - DAY_FIT_TOLERANCE_MS &&
      now < dayEndMs + DAY_FIT_TOLERANCE_MS;
    if (!fits && caps && caps.serverOffsetMin !== null && measured === null) {
      next.capabilities = { ...caps, offsetAt: 0 };
    }
  }

  // The day's start was computed with a guessed offset (none measured yet, e.g. a light probe
  // answered during an outage): the first measurement re-derives it. Its wall-clock midnight is
  // the start the guess gave, moved back by the guessed offset.
  const guessed = next.credits;
  const guessedDay: ServerTime | null =
    guessed?.dayStartMs != null && guessed.dayOffsetMin !== undefined
      ? { ms: guessed.dayStartMs + guessed.dayOffsetMin * MINUTE_MS, naive: true }
      : null;
  if (
    measured !== null &&
    !(credits?.ok && 'value' in credits) &&
    guessed &&
    guessed.dayOffsetAt == null &&
    guessedDay !== null &&
    caps?.serverOffsetMin != null
  ) {
    const dayOffsetMin = offsetAtMidnight(
      guessedDay,
      caps.serverOffsetMin,
      options.fallbackOffsetMin,
      options.localOffsetAt,
    );
    next.credits = {
      ...guessed,
      dayStartMs: serverTimeMs(guessedDay, dayOffsetMin),
      dayEndMs: serverTimeMs({ ms: guessedDay.ms + DAY_MS, naive: true }, caps.serverOffsetMin),
      dayOffsetMin,
      dayOffsetAt: caps.offsetAt ?? caps.probedAt,
    };
  }

  const transactions = results.transactions;
  if (transactions?.ok && 'value' in transactions) {
    const rows = transactions.value;
    next.transactionsAt = now;
    next.events = mergeEvents(prev.events, buildCreditEvents(rows, MAX_EVENTS), MAX_EVENTS);
    for (const row of rows) {
      if (next.lastTransactionId === null || row.id > next.lastTransactionId) next.lastTransactionId = row.id;
      if (row.analysis && (next.lastAnalysisTxId === null || row.id > next.lastAnalysisTxId)) {
        next.lastAnalysisTxId = row.id;
      }
    }
    // A back end restored from a backup or reset gives ids below what was seen: start over.
    const maxId = rows.reduce((m, r) => Math.max(m, r.id), -1);
    const reset = rows.length > 0 && prev.lastTransactionId !== null && maxId < prev.lastTransactionId;
    if (reset) {
      next.events = buildCreditEvents(rows, MAX_EVENTS);
      next.lastTransactionId = maxId;
      next.lastAnalysisTxId = rows.reduce<number | null>(
        (m, r) => (r.analysis && (m === null || r.id > m) ? r.id : m),
        null,
      );
    }
    // The analysis figures are fetched every two minutes at most; between fetches a page that
    // proves nothing changed keeps them current (see provesHistoryCurrent).
    const held = prev.recentAnalyses;
    if (held && !results.history?.ok) {
      const cover = reset ? null : held.coverTxId;
      if (provesHistoryCurrent(rows, cover)) {
        next.recentAnalyses = { ...held, checkedAt: now, coverTxId: Math.max(cover ?? -1, maxId, -1) };
        next.latest = confirmLatest(next.latest, held, now);
      } else if (reset) {
        next.recentAnalyses = { ...held, coverTxId: null };
      }
    }
    // Hours are aligned to the credit day (server midnight need not fall on a UTC hour).
    next.usage = foldUsage(prev.usage, rows, next.credits?.dayStartMs ?? 0, now);
    next.transactionsSign = results.transactionsSign ?? null;
  } else if (results.transactionsUnchanged && prev.transactionsAt != null) {
    // No row since the last page: Recent Credits is current, and so are the analysis figures if
    // they were current whenever that page was read (no analysis row can have come since).
    next.transactionsAt = now;
    const held = prev.recentAnalyses;
    if (held && !results.history?.ok && confirmedAt(held) >= prev.transactionsAt) {
      next.recentAnalyses = { ...held, checkedAt: now };
      next.latest = confirmLatest(next.latest, held, now);
    }
  }

  const history = results.history;
  const coverTxId = results.coverTxId !== undefined ? results.coverTxId : prev.lastTransactionId;
  // "The future" is judged by the server's clock as its own rows show it (the newest transaction,
  // within its credit day), so a server whose clock runs ahead of ours is not cut off.
  const newestTx = next.events[0]?.at ?? null;
  const dayEnd = next.credits?.dayEndMs ?? null;
  const serverNow = newestTx !== null && dayEnd !== null ? Math.max(now, Math.min(newestTx, dayEnd)) : now;
  if (history?.ok) {
    if ('value' in history) {
      const times: number[] = [];
      for (const { at } of history.value) {
        if (
          at !== null &&
          now - at <= RECENT_WINDOW_MS &&
          at <= serverNow + FUTURE_TOLERANCE_MS &&
          times.length < MAX_RECENT
        )
          times.push(at);
      }
      times.sort((a, b) => b - a);
      next.recentAnalyses = { times, fetchedAt: now, checkedAt: now, coverTxId };
    } else if (next.recentAnalyses) {
      const held = next.recentAnalyses;
      next.recentAnalyses = { ...held, fetchedAt: now, checkedAt: now, coverTxId };
      // Unchanged history (304): a Latest taken from it (the endpoint was not asked) is unchanged
      // too.
      if (!results.latest) next.latest = confirmLatest(next.latest, held, now);
    }
  }

  const latest = results.latest;
  const fromEndpoint = latest?.ok && 'value' in latest ? latest.value : undefined;
  const pinned = fromEndpoint?.at != null && fromEndpoint.at > serverNow + FUTURE_TOLERANCE_MS;
  if (fromEndpoint !== undefined && !pinned) {
    next.latest = fromEndpoint ? { ...fromEndpoint, fetchedAt: now, checkedAt: now } : null;
  } else if (history?.ok && 'value' in history) {
    const value = latestFromHistory(history.value, serverNow);
    // HEAD's history covers 48 h only: an empty page there does not mean there is no latest
    // analysis, so the last good one stays (its age marks it stale). OLD's is the whole table.
    const partialHistory = caps?.tokensLatest === true;
    if (value) next.latest = { ...value, fetchedAt: now, checkedAt: now };
    else if (!partialHistory) next.latest = null;
  }

  const ingest = results.ingest;
  // Ingest stats found missing: nothing of them is shown (an old figure would only be drawn stale
  // for good); asked again now and then, and back as soon as they answer.
  if (next.capabilities && !next.capabilities.ingestStats) {
    if (ingest?.ok) {
      const { ingestMissingAt: _, ...found } = next.capabilities;
      next.capabilities = { ...found, ingestStats: true };
    } else if (ingest && !ingest.ok && ingest.kind === 'not-found')
      next.capabilities = { ...next.capabilities, ingestMissingAt: now };
  }
  if (next.capabilities?.ingestStats === false) next.ingest = null;
  if (ingest?.ok && 'value' in ingest) {
    const body = ingest.value;
    const local = (time: ServerTime | null) => serverTimeMs(time, offsetMin);
    const tier0 = local(body.tier0At);
    const discovery = local(body.discoveryAt);
    next.ingest = {
      ingestAt: tier0 === null ? discovery : discovery === null ? tier0 : Math.max(tier0, discovery),
      enrichAt: local(body.enrichAt),
      enrichCredits: body.enrichCredits,
      hotRefreshAt: local(body.hotRefreshAt) ?? local(body.refreshAt),
      fetchedAt: now,
    };
  }

  const attempted: [ApiResult<unknown> | undefined, string][] = [
    [results.credits, ENDPOINTS.credits],
    [results.transactions, ENDPOINTS.transactions],
    [results.history, ENDPOINTS.history],
    [results.latest, ENDPOINTS.latest],
    [results.ingest, ENDPOINTS.ingest],
  ];
  const errors: FetchError[] = [];
  let tried = 0;
  for (const [result, endpoint] of attempted) {
    if (!result) continue;
    const error = errorOf(result, endpoint, now);
    // An optional endpoint that does not exist is a capability, neither an error nor an answer.
    // The others exist at every version: a 404/422 there is an error.
    if (error?.kind === 'not-found' && isOptionalEndpoint(endpoint)) continue;
    tried += 1;
    if (error) errors.push(error);
  }
  next.errors = errors;
  // A 429 holds back its own endpoint only (the app's limiter counts per endpoint): the others
  // keep their pace, and the figures it feeds turn stale one by one. It is not an outage.
  const limited = errors.filter((e) => e.kind === 'rate-limited');
  const allFailed = tried > limited.length && errors.length === tried;
  // Every figure asked answered (a held endpoint is not asked): never before the credits came.
  if (errors.length === 0 && tried > 0 && next.credits) next.updatedAt = now;
  // A budget pause lasts until its endpoint has room again or answers; a 429 hold keeps its
  // strikes until the endpoint answers, so the next 429 waits twice as long (up to 15 minutes).
  const answered = new Set(attempted.filter(([r]) => r?.ok).map(([, endpoint]) => endpoint));
  const renewed = new Set([...(results.paused ?? []), ...limited].map((p) => p.endpoint));
  const holds: Hold[] = (prev.paused ?? []).filter(
    (p) => (p.strikes || p.until > now) && !answered.has(p.endpoint) && !renewed.has(p.endpoint),
  );
  for (const e of limited) {
    const strikes = (prev.paused?.find((p) => p.endpoint === e.endpoint)?.strikes ?? 0) + 1;
    holds.push({ endpoint: e.endpoint, until: options.retryAt('rate-limited', strikes), strikes });
  }
  next.paused = [...holds, ...(results.paused ?? [])];
  if (allFailed) {
    next.failures = prev.failures + 1;
    next.nextAttemptAt = options.retryAt('failure', next.failures);
  } else {
    next.failures = 0;
    next.nextAttemptAt = null;
  }
  // After an outage the back end may have been upgraded or moved: probe again once it answers.
  // The offset stays (it is measured anew with the probe): never the browser's in the meantime.
  if (next.failures >= 2 && next.capabilities) next.capabilities = { ...next.capabilities, probedAt: 0 };
  return next;
}
