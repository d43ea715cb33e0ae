/**
 * The data engine: one refresh at a time, fetching only what can have changed, folding the
 * answers into the snapshot. It talks to the outside only through the dependencies it is given,
 * so tests drive it with a fake back end and a fake clock.
 */
import { createApiClient } from '../meridinate/client';
import type { CreditTransaction } from '../meridinate/domain';
import { ENDPOINTS } from '../meridinate/endpoints';
import {
  budgetResumeAt,
  HINT_COALESCE_MS,
  HINT_SETTLE_MS,
  HOURLY_BUDGET_PER_ENDPOINT,
  isInBackoff,
  isTransactionsPageCurrent,
  needsAnalysisAfter,
  OFFSET_RETRY_MS,
  POLL_MIN_GAP_MS,
  PROBE_RETRY_MS,
  planRequests,
  type RefreshReason,
  type RequestLog,
  retryAt,
  shouldRefresh,
  TRANSACTIONS_WAIT_MS,
  takeBudget,
} from '../schedule/policy';
import type { Settings } from '../settings';
import { type RefreshResults, reduceSnapshot } from '../snapshot/reducer';
import type { Capabilities, Snapshot } from '../snapshot/types';
import { offsetMayHaveChanged } from '../zones';

export interface EngineDeps {
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  getSettings: () => Promise<Settings>;
  loadSnapshot: () => Promise<Snapshot>;
  saveSnapshot: (snapshot: Snapshot) => Promise<void>;
  /** Waits; a hint that comes right after a fetch waits for the coalescing window. */
  delay?: (ms: number) => Promise<void>;
  /**
   * The browser's offset from UTC in minutes (now, or at `atMs`), used until the server's own is
   * known, and for a server in the browser's zone to find its offset at midnight.
   */
  localOffsetMin: (atMs?: number) => number;
  /** Request times per endpoint, kept across worker restarts. */
  loadRequestLog: () => Promise<RequestLog>;
  saveRequestLog: (log: RequestLog) => Promise<void>;
  /** Gets each page of transaction rows fetched (the history keeps today's for the CSV export). */
  onTransactions?: (rows: CreditTransaction[]) => void;
  /** Requests per endpoint per hour; only test builds lower it (default HOURLY_BUDGET_PER_ENDPOINT). */
  hourlyBudget?: () => Promise<number | null>;
}

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
  let runningSince = 0;
  let queued: RefreshReason | null = null;
  let historyEtag: string | null = null;
  let waitingHint: Promise<Snapshot> | null = null;
  /** When the last hint-driven refresh started: one per HINT_COALESCE_MS at most. */
  let lastHintAt = Number.NEGATIVE_INFINITY;
  /** The last offset measurement tried, so a failing one is retried once a minute, not every time. */
  let lastRangeAt = Number.NEGATIVE_INFINITY;
  /** The last probe tried: one that cannot finish (an endpoint failing) is retried once a minute. */
  let lastProbeAt = Number.NEGATIVE_INFINITY;
  /** When the transactions page was last asked (a restarted worker asks it again first). */
  let pageAt = Number.NEGATIVE_INFINITY;
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
    const now = deps.now();
    // A request queued behind a running fetch runs even if that fetch just ended (its data may be
    // older than the hint), unless the back end asked us to wait: a hint respects any backoff.
    const allowed = queuedBehindAnother
      ? reason === 'manual' || !isInBackoff(prev, now)
      : shouldRefresh(reason, prev, now, pollMs);
    if (!allowed) return prev;
    // An endpoint whose 429 hold is over is asked at once: it has not answered since (the
    // status says Rate-limited until it does).
    const holdOf = (endpoint: string) => prev.paused?.find((p) => p.strikes && p.endpoint === endpoint);
    const struck = (endpoint: string) => (holdOf(endpoint)?.until ?? Number.POSITIVE_INFINITY) <= now;
    const planned = planRequests(
      reason,
      prev,
      now,
      settings.apiBase,
      pollMs,
      now - lastProbeAt >= PROBE_RETRY_MS,
    );
    const plan = {
      ...planned,
      analysis: planned.analysis || struck(ENDPOINTS.history) || struck(ENDPOINTS.latest),
      ingest: planned.ingest || struck(ENDPOINTS.ingest),
    };
    if (plan.probe) lastProbeAt = now;
    const measureOffset = plan.probe || (plan.offset && now - lastRangeAt >= OFFSET_RETRY_MS);
    if (plan.probe) historyEtag = null;
    prev = await save({ ...prev, updating: now });
    requestLog ??= await deps.loadRequestLog();
    const log = requestLog;
    const client = createApiClient({ baseUrl: settings.apiBase, fetch: deps.fetch, now: deps.now });
    const paused: NonNullable<RefreshResults['paused']> = [];
    const budget = (await deps.hourlyBudget?.()) ?? HOURLY_BUDGET_PER_ENDPOINT;
    /** Whether the back end's limiter told this endpoint to wait (429) and the wait is not over. */
    const held = (endpoint: string) => (holdOf(endpoint)?.until ?? Number.NEGATIVE_INFINITY) > deps.now();
    const budgeted = <T>(endpoint: string, request: () => Promise<T>): Promise<T | undefined> => {
      const at = deps.now();
      if (held(endpoint)) return Promise.resolve(undefined);
      if (takeBudget(log, endpoint, at, budget)) return request();
      paused.push({ endpoint, until: budgetResumeAt(log, endpoint, at) });
      return Promise.resolve(undefined);
    };
    const finish = async (results: RefreshResults) => {
      results.paused = paused;
      await deps.saveRequestLog(log);
      // Fold onto the latest in-memory state, which may carry a socket change made meanwhile; a
      // failed attempt's retry is counted from its start.
      const [onto, at, random] = [await current(), deps.now(), deps.random()];
      const reduced = reduceSnapshot(onto, results, at, {
        retryAt: (kind, failures) => retryAt(kind, failures, { random, pollMs, startedAt: now, now: at }),
        fallbackOffsetMin: deps.localOffsetMin(),
        localOffsetAt: (ms) => deps.localOffsetMin(ms),
        offsetMayHaveChanged,
        startedAt: now,
      });
      const page = results.transactions;
      if (page?.ok && 'value' in page) deps.onTransactions?.(page.value);
      return save(reduced);
    };
    const getCredits = () => budgeted(ENDPOINTS.credits, () => client.read('credits'));

    // During an outage each attempt is one light request; the full set follows once it answers.
    // Capabilities are probed only then, not on every retry.
    let lightCredits: RefreshResults['credits'];
    if (prev.failures > 0 && !held(ENDPOINTS.credits)) {
      lightCredits = await getCredits();
      if (!lightCredits?.ok) return finish({ credits: lightCredits });
    }

    const results: RefreshResults = {};
    /** The highest transaction id seen before the history is asked for: its analyses are in it. */
    let cover = prev.lastTransactionId;
    const seen = (page: RefreshResults['transactions']) => {
      if (!page?.ok || !('value' in page)) return;
      for (const row of page.value) if (cover === null || row.id > cover) cover = row.id;
    };
    const fetchAnalysis = async (probeLatest: boolean) => {
      results.coverTxId = cover;
      // HEAD's 48 h history names the latest analysis as well (the newest in it): the endpoint is
      // asked only when that page was empty (no analysis for 48 h), to keep steady use light.
      const hasLatest =
        probeLatest ||
        struck(ENDPOINTS.latest) ||
        (prev.capabilities?.tokensLatest === true && (prev.recentAnalyses?.times.length ?? 0) === 0);
      const [history, latest] = await Promise.all([
        budgeted(ENDPOINTS.history, () => client.read('history', { etag: historyEtag })),
        hasLatest ? budgeted(ENDPOINTS.latest, () => client.read('latest')) : undefined,
      ]);
      if (history?.ok) historyEtag = history.etag;
      results.history = history;
      results.latest = latest;
    };

    if (measureOffset) lastRangeAt = now;
    const creditsRead = lightCredits ? Promise.resolve(lightCredits) : getCredits();
    // The page follows credits/today: when its day, total and row count are those read before
    // the last page, no row was added since and the page is not asked (most polls while idle).
    const getTransactions = async () => {
      // A slow credits/today does not hold the page back: past a second it is asked without a
      // sign (so the next poll asks it again, with one).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), TRANSACTIONS_WAIT_MS);
      });
      const today = await Promise.race([creditsRead, late]);
      clearTimeout(timer);
      const sign = today?.ok && 'value' in today ? today.value.sign : null;
      const known = { sign: prev.transactionsSign, pageAt };
      const current = isTransactionsPageCurrent(reason, known, sign, deps.now());
      if (!plan.probe && !struck(ENDPOINTS.transactions) && current) {
        results.transactionsUnchanged = true;
        return undefined;
      }
      results.transactionsSign = sign;
      const page = await budgeted(ENDPOINTS.transactions, () => client.read('transactions'));
      if (page?.ok) pageAt = now;
      return page;
    };
    // Read the transactions before the history, so that the history covers every analysis row
    // of this page (else the analysis figures could not be proven current until the next fetch).
    // Read in parallel, a hint's analysis, or those made while nobody looked, would show up in the
    // page as newer than the history's cover, and the next poll would ask the history again.
    const [credits, transactions, ingest, range] = await Promise.all([
      creditsRead,
      plan.analysis
        ? getTransactions().then(async (page) => {
            seen(page);
            await fetchAnalysis(plan.probe);
            return page;
          })
        : getTransactions(),
      plan.ingest ? budgeted(ENDPOINTS.ingest, () => client.read('ingest')) : undefined,
      measureOffset ? budgeted(ENDPOINTS.range, () => client.read('range')) : undefined,
    ]);
    results.credits = credits;
    results.transactions = transactions;
    results.ingest = ingest;
    results.range = range;
    // Failures of a back end that answered nothing (an outage) are not the range's or the probe's
    // own: try them again with the first answer, not a minute later (the day start is unsure and
    // the capabilities unknown meanwhile).
    if (credits && !credits.ok && credits.kind !== 'rate-limited') {
      if (range && !range.ok) lastRangeAt = Number.NEGATIVE_INFINITY;
      if (plan.probe) lastProbeAt = Number.NEGATIVE_INFINITY;
    }

    // A new analysis summary row (newer than what the history covers) means the history changed:
    // fetch it now rather than in 2 minutes. Unlike a hint, a transaction row cannot be faked by
    // another process, so the 30 s gap for hints does not apply: real analyses bound the rate.
    if (!plan.analysis && transactions?.ok && 'value' in transactions) {
      const newest = transactions.value
        .filter((row) => row.analysis)
        .reduce<number | null>((max, row) => (max === null || row.id > max ? row.id : max), null);
      const covered = prev.recentAnalyses?.coverTxId ?? prev.lastAnalysisTxId;
      if (needsAnalysisAfter(covered, newest)) {
        seen(transactions);
        await fetchAnalysis(false);
      }
    }

    if (plan.probe) {
      const latest = results.latest;
      const latestKnown = latest && (latest.ok || latest.kind === 'not-found');
      const ingestKnown = ingest && (ingest.ok || ingest.kind === 'not-found');
      if (latestKnown && ingestKnown) {
        // The offset measured before (if any) stays until the range answers (the reducer
        // applies a new measurement): a failed range never leaves it unknown.
        const known = prev.capabilities?.apiBase === settings.apiBase ? prev.capabilities : null;
        const capabilities: Capabilities = {
          tokensLatest: latest.ok,
          ingestStats: ingest.ok,
          serverOffsetMin: known?.serverOffsetMin ?? null,
          offsetAt: known?.offsetAt ?? 0,
          apiBase: settings.apiBase,
          probedAt: deps.now(),
        };
        results.capabilities = capabilities;
      }
    }
    return finish(results);
  }

  async function refresh(reason: RefreshReason): Promise<Snapshot> {
    if (reason !== 'hint') return startRun(reason);
    // At most one hint-driven refresh per HINT_COALESCE_MS, and none in the moment right after a
    // fetch (it may announce data that fetch did not see): later hints wait and share one run
    // instead of being dropped, so a flood costs one refresh per window.
    if (waitingHint) return waitingHint;
    const last = (await current()).attemptAt;
    if (waitingHint) return waitingHint;
    const now = deps.now();
    const wait = Math.max(
      HINT_COALESCE_MS - (now - lastHintAt),
      last === null ? 0 : HINT_SETTLE_MS - (now - last),
    );
    if (wait <= 0) {
      lastHintAt = now;
      return startRun('hint');
    }
    waitingHint = delay(wait).then(() => {
      waitingHint = null;
      lastHintAt = deps.now();
      return startRun('hint');
    });
    return waitingHint;
  }

  function startRun(reason: RefreshReason): Promise<Snapshot> {
    if (running) {
      // A hint or a click during a fetch must not be lost: run once more afterwards.
      if (reason === 'manual' || (reason === 'hint' && queued === null)) queued = reason;
      // A poll tick during a fetch that started well before it may miss a charge made since.
      if (reason === 'poll' && queued === null && deps.now() - runningSince > POLL_MIN_GAP_MS)
        queued = 'poll';
      return running;
    }
    runningSince = deps.now();
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
