/**
 * The data engine: one refresh at a time, fetching only what can have changed, folding the
 * answers into the snapshot. It talks to the outside only through the dependencies it is given,
 * so tests drive it with a fake back end and a fake clock.
 */
import { createApiClient } from '../meridinate/client';
import {
  CreditsRangeSchema,
  CreditsTodaySchema,
  IngestQueueStatsSchema,
  TokensHistorySchema,
  TokensLatestSchema,
  type Transaction,
  TransactionsSchema,
} from '../meridinate/schemas';
import { estimateServerOffsetMin } from '../meridinate/time';
import {
  HINT_COALESCE_MS,
  needsAnalysisAfter,
  planRequests,
  type RefreshReason,
  type RequestLog,
  shouldRefresh,
  takeBudget,
} from '../schedule/policy';
import type { Settings } from '../settings';
import { ENDPOINTS, type RefreshResults, reduceSnapshot } from '../snapshot/reducer';
import type { Capabilities, Snapshot } from '../snapshot/types';
import { TRANSACTIONS_PAGE } from '../snapshot/usage';

export interface EngineDeps {
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  getSettings: () => Promise<Settings>;
  loadSnapshot: () => Promise<Snapshot>;
  saveSnapshot: (snapshot: Snapshot) => Promise<void>;
  /** Waits; a hint that comes right after a fetch waits for the coalescing window. */
  delay?: (ms: number) => Promise<void>;
  /** The browser's offset from UTC in minutes, used until the server's own is known. */
  localOffsetMin: () => number;
  /** Request times per endpoint, kept across worker restarts. */
  loadRequestLog: () => Promise<RequestLog>;
  saveRequestLog: (log: RequestLog) => Promise<void>;
  /** Gets each page of transaction rows fetched (the history keeps today's for the CSV export). */
  onTransactions?: (rows: Transaction[]) => void;
}

/** The history query that is cheap on HEAD (paged, last 48 h) and ignored by OLD. */
export const HISTORY_QUERY = '?limit=1000&since_hours=48';
/**
 * OLD returns the whole token table (about 1.5–2.5 KB per token); accept databases of some
 * 10,000 tokens there, while other endpoints keep the client's tighter limit.
 */
export const HISTORY_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Enough raw rows to build five meaningful events even after a burst of dozens of calls. */
export const TRANSACTIONS_QUERY = `?limit=${TRANSACTIONS_PAGE}`;

export interface Engine {
  /** Runs a refresh if the policy allows it; concurrent calls share one run (single flight). */
  refresh(reason: RefreshReason): Promise<Snapshot>;
  /** Applies a change that is not a fetch (e.g. the socket state) and saves it. */
  update(change: (snapshot: Snapshot) => Snapshot): Promise<Snapshot>;
  /** The snapshot as last saved. */
  current(): Promise<Snapshot>;
}

export function createEngine(deps: EngineDeps): Engine {
  let snapshot: Snapshot | null = null;
  let requestLog: RequestLog | null = null;
  let running: Promise<Snapshot> | null = null;
  let queued: RefreshReason | null = null;
  let historyEtag: string | null = null;
  let waitingHint: Promise<Snapshot> | null = null;
  const delay = deps.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function current(): Promise<Snapshot> {
    snapshot ??= await deps.loadSnapshot();
    return snapshot;
  }

  async function save(next: Snapshot): Promise<Snapshot> {
    snapshot = next;
    await deps.saveSnapshot(next);
    return next;
  }

  async function run(reason: RefreshReason, queuedBehindAnother = false): Promise<Snapshot> {
    const settings = await deps.getSettings();
    const pollMs = settings.pollSeconds * 1000;
    let prev = await current();
    // A request queued behind a running fetch runs even if that fetch just ended (its data may be
    // older than the hint), unless the back end asked us to wait.
    const policyReason = queuedBehindAnother ? 'manual' : reason;
    if (!shouldRefresh(policyReason, prev, deps.now(), pollMs)) return prev;
    const now = deps.now();
    const plan = planRequests(reason, prev, now, settings.apiBase);
    if (plan.probe) historyEtag = null;
    prev = await save({ ...prev, updating: now });
    requestLog ??= await deps.loadRequestLog();
    const log = requestLog;
    const client = createApiClient({ baseUrl: settings.apiBase, fetch: deps.fetch });
    const budgeted = <T>(endpoint: string, request: () => Promise<T>): Promise<T | undefined> =>
      takeBudget(log, endpoint, deps.now()) ? request() : Promise.resolve(undefined);

    const results: RefreshResults = {};
    const fetchAnalysis = async (probeLatest: boolean) => {
      const hasLatest = probeLatest || prev.capabilities?.tokensLatest === true;
      const [history, latest] = await Promise.all([
        budgeted(ENDPOINTS.history, () =>
          client.get(`${ENDPOINTS.history}${HISTORY_QUERY}`, TokensHistorySchema, {
            etag: historyEtag,
            maxBodyBytes: HISTORY_MAX_BODY_BYTES,
          }),
        ),
        hasLatest
          ? budgeted(ENDPOINTS.latest, () => client.get(ENDPOINTS.latest, TokensLatestSchema))
          : undefined,
      ]);
      if (history?.ok) historyEtag = history.etag;
      results.history = history;
      results.latest = latest;
    };

    const [credits, transactions, ingest, range] = await Promise.all([
      budgeted(ENDPOINTS.credits, () => client.get(ENDPOINTS.credits, CreditsTodaySchema)),
      budgeted(ENDPOINTS.transactions, () =>
        client.get(`${ENDPOINTS.transactions}${TRANSACTIONS_QUERY}`, TransactionsSchema),
      ),
      plan.ingest
        ? budgeted(ENDPOINTS.ingest, () => client.get(ENDPOINTS.ingest, IngestQueueStatsSchema))
        : undefined,
      plan.probe
        ? budgeted(ENDPOINTS.range, () => client.get(`${ENDPOINTS.range}?days=1`, CreditsRangeSchema))
        : undefined,
      plan.analysis ? fetchAnalysis(plan.probe) : undefined,
    ]);
    results.credits = credits;
    results.transactions = transactions;
    if (transactions?.ok && 'value' in transactions) deps.onTransactions?.(transactions.value);
    results.ingest = ingest;

    // A new analysis summary row means the history changed: fetch it now rather than in 2 minutes.
    if (!plan.analysis && transactions?.ok && 'value' in transactions) {
      const newest = transactions.value
        .filter((row) => row.operation === 'token_analysis')
        .reduce<number | null>((max, row) => (max === null || row.id > max ? row.id : max), null);
      if (needsAnalysisAfter(prev.lastAnalysisTxId, newest)) await fetchAnalysis(false);
    }

    if (plan.probe) {
      const latest = results.latest;
      const latestKnown = latest && (latest.ok || latest.kind === 'not-found');
      const ingestKnown = ingest && (ingest.ok || ingest.kind === 'not-found');
      if (latestKnown && ingestKnown) {
        const capabilities: Capabilities = {
          tokensLatest: latest.ok,
          ingestStats: ingest.ok,
          serverOffsetMin:
            range?.ok && 'value' in range
              ? estimateServerOffsetMin(range.value.period_end, deps.now())
              : null,
          apiBase: settings.apiBase,
          probedAt: deps.now(),
        };
        results.capabilities = capabilities;
      }
    }

    await deps.saveRequestLog(log);
    // Reduce onto the latest in-memory state, which may carry a socket change made meanwhile.
    const reduced = reduceSnapshot(await current(), results, deps.now(), {
      pollMs,
      random: deps.random(),
      fallbackOffsetMin: deps.localOffsetMin(),
    });
    return save(reduced);
  }

  async function refresh(reason: RefreshReason): Promise<Snapshot> {
    if (reason === 'hint' && !running) {
      // A hint right after a fetch may announce data that fetch did not see: wait out the
      // coalescing window instead of dropping it; hints meanwhile share the wait.
      if (waitingHint) return waitingHint;
      const last = (await current()).attemptAt;
      const wait = last === null ? 0 : HINT_COALESCE_MS - (deps.now() - last);
      if (waitingHint) return waitingHint;
      if (wait > 0) {
        waitingHint = delay(wait).then(() => {
          waitingHint = null;
          return startRun('hint');
        });
        return waitingHint;
      }
    }
    return startRun(reason);
  }

  function startRun(reason: RefreshReason): Promise<Snapshot> {
    if (running) {
      // A hint or a click during a fetch must not be lost: run once more afterwards.
      if (reason === 'hint' || reason === 'manual') queued = reason;
      return running;
    }
    running = (async () => {
      try {
        let result = await run(reason);
        while (queued) {
          const again = queued;
          queued = null;
          result = await run(again, true);
        }
        return result;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  async function update(change: (s: Snapshot) => Snapshot): Promise<Snapshot> {
    return save(change(await current()));
  }

  return { refresh, update, current };
}
