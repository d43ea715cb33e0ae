/**
 * The snapshot reducer: folds the results of one refresh into the previous snapshot. Pure. Each
 * figure is replaced only by a good answer for it; a failed or invalid answer keeps the last good
 * value (marked by its own `fetchedAt`) and records a readable error.
 */
import { displayTokenName } from '../format';
import type { ApiResult } from '../meridinate/client';
import type {
  CreditsToday,
  IngestQueueStats,
  TokensHistory,
  TokensLatest,
  Transaction,
} from '../meridinate/schemas';
import { parseApiTimestamp, serverDayStartMs } from '../meridinate/time';
import { backoffDelay } from '../schedule/policy';
import { buildCreditEvents, mergeEvents } from './events';
import type { Capabilities, FetchError, LatestAnalysis, Snapshot } from './types';
import { MAX_EVENTS } from './types';
import { foldUsage } from './usage';

/** The results of one refresh; an endpoint not asked for is absent. */
export interface RefreshResults {
  credits?: ApiResult<CreditsToday>;
  transactions?: ApiResult<Transaction[]>;
  history?: ApiResult<TokensHistory>;
  latest?: ApiResult<TokensLatest>;
  ingest?: ApiResult<IngestQueueStats>;
  /** New capabilities when this refresh probed. */
  capabilities?: Capabilities;
}

export const ENDPOINTS = {
  credits: '/api/stats/credits/today',
  transactions: '/api/stats/credits/transactions',
  history: '/api/tokens/history',
  latest: '/api/tokens/latest',
  ingest: '/api/ingest/queue/stats',
  range: '/api/stats/credits/range',
} as const;

/** Endpoints that only some versions have (API.md §1); the others exist at every version. */
const OPTIONAL_ENDPOINTS: ReadonlySet<string> = new Set([ENDPOINTS.latest, ENDPOINTS.ingest]);

/** Analyses older than this are not kept: "today" never reaches further back. */
const RECENT_WINDOW_MS = 48 * 3_600_000;
const MAX_RECENT = 2000;
const RAW_NAME_MAX = 300;

function latestFromEndpoint(body: TokensLatest, offsetMin: number): LatestAnalysis | null {
  if (body.token_id === null && body.token_name == null && body.analysis_timestamp == null) return null;
  return {
    tokenId: body.token_id ?? null,
    name: displayTokenName({ name: body.token_name, symbol: body.token_symbol }),
    rawName: typeof body.token_name === 'string' ? body.token_name.slice(0, RAW_NAME_MAX) : '',
    at: parseApiTimestamp(body.analysis_timestamp, 'utc', offsetMin),
    walletsFound: body.wallets_found ?? null,
    credits: body.credits_used ?? null,
  };
}

function latestFromHistory(history: TokensHistory): LatestAnalysis | null {
  let newest: { token: TokensHistory['tokens'][number]; at: number | null } | null = null;
  for (const token of history.tokens) {
    const at = parseApiTimestamp(token.analysis_timestamp, 'utc');
    // Times have 1 s resolution and the app breaks no ties: within a second the newer row wins.
    const newer =
      newest === null ||
      (at !== null &&
        (newest.at === null || at > newest.at || (at === newest.at && token.id > newest.token.id)));
    if (newer) newest = { token, at };
  }
  if (!newest) return null;
  const { token, at } = newest;
  return {
    tokenId: token.id,
    name: displayTokenName({
      name: token.token_name,
      symbol: token.token_symbol,
      address: token.token_address,
    }),
    rawName: typeof token.token_name === 'string' ? token.token_name.slice(0, RAW_NAME_MAX) : '',
    at,
    walletsFound: token.wallets_found ?? null,
    credits: token.last_analysis_credits ?? token.credits_used ?? null,
  };
}

function errorOf(result: ApiResult<unknown> | undefined, endpoint: string, now: number): FetchError | null {
  if (!result || result.ok) return null;
  return { kind: result.kind, status: result.status, endpoint, message: result.message, at: now };
}

/** Folds one refresh into the snapshot. `random` feeds the backoff jitter. */
export function reduceSnapshot(
  prev: Snapshot,
  results: RefreshResults,
  now: number,
  options: { pollMs: number; random: number; fallbackOffsetMin: number },
): Snapshot {
  const next: Snapshot = { ...prev, attemptAt: now, updating: null };
  // Capabilities probed while the back end is failing (e.g. answering 422 to everything) would
  // be wrong for the whole session: trust them only when credits/today answered.
  if (results.capabilities && results.credits?.ok) next.capabilities = results.capabilities;
  const offsetMin = next.capabilities?.serverOffsetMin ?? options.fallbackOffsetMin;

  const credits = results.credits;
  if (credits?.ok && 'value' in credits) {
    next.credits = {
      total: credits.value.total_credits,
      byOperation: credits.value.by_operation,
      periodStart: credits.value.period_start,
      dayStartMs: serverDayStartMs(credits.value.period_start, offsetMin),
      dayEndMs: serverDayStartMs(credits.value.period_end, offsetMin),
      fetchedAt: now,
    };
  }

  const transactions = results.transactions;
  if (transactions?.ok && 'value' in transactions) {
    const rows = transactions.value;
    next.events = mergeEvents(prev.events, buildCreditEvents(rows, MAX_EVENTS), MAX_EVENTS);
    for (const row of rows) {
      if (next.lastTransactionId === null || row.id > next.lastTransactionId) next.lastTransactionId = row.id;
      if (
        row.operation === 'token_analysis' &&
        (next.lastAnalysisTxId === null || row.id > next.lastAnalysisTxId)
      ) {
        next.lastAnalysisTxId = row.id;
      }
    }
    // A back end restored from a backup or reset gives ids below what was seen: start over.
    const maxId = rows.reduce((m, r) => Math.max(m, r.id), -1);
    if (rows.length > 0 && prev.lastTransactionId !== null && maxId < prev.lastTransactionId) {
      next.events = buildCreditEvents(rows, MAX_EVENTS);
      next.lastTransactionId = maxId;
    }
    // Hours are aligned to the credit day (server midnight need not fall on a UTC hour).
    next.usage = foldUsage(prev.usage, rows, next.credits?.dayStartMs ?? 0, now);
  }

  const history = results.history;
  if (history?.ok) {
    if ('value' in history) {
      const times: number[] = [];
      for (const token of history.value.tokens) {
        const at = parseApiTimestamp(token.analysis_timestamp, 'utc');
        if (at !== null && now - at <= RECENT_WINDOW_MS && times.length < MAX_RECENT) times.push(at);
      }
      times.sort((a, b) => b - a);
      next.recentAnalyses = { times, fetchedAt: now };
    } else if (next.recentAnalyses) {
      next.recentAnalyses = { ...next.recentAnalyses, fetchedAt: now };
    }
  }

  const latest = results.latest;
  if (latest?.ok && 'value' in latest) {
    const value = latestFromEndpoint(latest.value, offsetMin);
    next.latest = value ? { ...value, fetchedAt: now } : null;
  } else if (!latest?.ok && history?.ok && 'value' in history) {
    const value = latestFromHistory(history.value);
    next.latest = value ? { ...value, fetchedAt: now } : null;
  }

  const ingest = results.ingest;
  if (ingest?.ok && 'value' in ingest) {
    const body = ingest.value;
    const local = (s: string | null | undefined) => parseApiTimestamp(s, 'server-local', offsetMin);
    const tier0 = local(body.last_tier0_run_at);
    const discovery = local(body.last_discovery_run_at);
    next.ingest = {
      ingestAt: tier0 === null ? discovery : discovery === null ? tier0 : Math.max(tier0, discovery),
      enrichAt: local(body.last_tier1_run_at),
      enrichCredits: body.last_tier1_credits_used ?? null,
      hotRefreshAt: local(body.last_hot_refresh_at) ?? local(body.last_refresh_run_at),
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
    if (error?.kind === 'not-found' && OPTIONAL_ENDPOINTS.has(endpoint)) continue;
    tried += 1;
    if (error) errors.push(error);
  }
  next.errors = errors;
  const allFailed = tried > 0 && errors.length === tried;
  const rateLimited = errors.some((e) => e.kind === 'rate-limited');
  if (errors.length === 0 && tried > 0) next.updatedAt = now;
  if (allFailed || rateLimited) {
    next.failures = prev.failures + 1;
    next.nextAttemptAt =
      now + backoffDelay(rateLimited ? 'rate-limited' : 'failure', next.failures, options.random);
  } else {
    next.failures = 0;
    next.nextAttemptAt = null;
  }
  // After an outage the back end may have been upgraded or moved: probe again next time.
  if (next.failures >= 2) next.capabilities = null;
  return next;
}
