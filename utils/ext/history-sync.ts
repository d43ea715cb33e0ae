/**
 * Loads past server days from `/api/stats/credits/range`, only while a history (Month) view is open:
 * at most one range read per 10 s, inside the hourly budget shared with the engine, never two in
 * flight. Past days are cached for good per API base, so after the first fill a new server day costs
 * one read. Today's raw credit rows are kept for the CSV export. Dependencies are injected, so tests
 * drive it with a fake back end and a fake clock.
 */
import type { CreditRow } from '../history/csv';
import { mergeRows } from '../history/csv';
import { serverDate } from '../history/dates';
import { type HistoryCache, missingDays, needsOlderProbe, withDays } from '../history/days';
import { todayReading } from '../history/range';
import { deriveDays, deriveOlderData, planNextRead, type RangeReading } from '../history/readings';
import { t } from '../i18n';
import { createApiClient } from '../meridinate/client';
import type { CreditTransaction } from '../meridinate/domain';
import { ENDPOINTS, REQUEST_TIMEOUT_MS, rangeQuery } from '../meridinate/endpoints';
import { normaliseRangeReading } from '../meridinate/reads';
import { RangeSumSchema } from '../meridinate/schemas';
import { type RequestLog, takeBudget } from '../schedule/policy';
import type { Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import {
  type HistoryStatus,
  historyStatusStorage,
  historyStorage,
  type TodayRows,
  todayRowsStorage,
} from './history-storage';
import { LOG_PREFIX } from './log';
import { settingsStorage } from './managed';
import { requestLogStorage, snapshotStorage } from './storage';

/** At most one range read per this many ms (test builds, which also poll faster: 2 s). */
export const RANGE_SPACING_MS = import.meta.env.MODE === 'e2e' ? 2_000 : 10_000;
const RETRY_MS = 30_000;
const RATE_LIMITED_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface HistorySyncDeps {
  fetch: typeof fetch;
  now: () => number;
  getSettings: () => Promise<Settings>;
  getSnapshot: () => Promise<Snapshot>;
  loadCache: () => Promise<HistoryCache>;
  saveCache: (cache: HistoryCache) => Promise<void>;
  saveStatus: (status: HistoryStatus) => Promise<void>;
  loadRows: () => Promise<TodayRows | null>;
  saveRows: (rows: TodayRows) => Promise<void>;
  /** The request log shared with the engine (the same object), and how to save it. */
  requestLog: () => Promise<RequestLog>;
  saveRequestLog: (log: RequestLog) => Promise<void>;
}

export interface HistorySync {
  /** A view's history opened or closed (`key`: the view's port). */
  setOpen(key: unknown, open: boolean): void;
  /** A new snapshot was saved: today's figures may prove a pending day, or a new day began. */
  onSnapshot(snapshot: Snapshot): void;
  /** A page of transaction rows the engine fetched. */
  onTransactions(rows: CreditTransaction[]): void;
  /** Resolves when the work queued so far is done (tests). */
  idle(): Promise<void>;
}

/** A transaction row as kept for the export; null without a time (it cannot be placed in a day). */
function toCreditRow(row: CreditTransaction): CreditRow | null {
  const { id, operation, credits, at, tokenId, mint } = row;
  return at === null ? null : { id, operation, credits, at, tokenId, mint };
}

export function createHistorySync(deps: HistorySyncDeps): HistorySync {
  const open = new Set<unknown>();
  let readings: RangeReading[] = [];
  let readingsBase = '';
  let lastRequestAt = Number.NEGATIVE_INFINITY;
  let retryAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let pendingRows: CreditRow[] = [];

  const queue = (work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => console.error(LOG_PREFIX, 'history', error));
    return chain;
  };

  let lastStatus = '';
  /** Saves the status when it changed (a step runs on every poll while the view is open). */
  const saveStatus = async (status: HistoryStatus) => {
    const json = JSON.stringify(status);
    if (json === lastStatus) return;
    lastStatus = json;
    await deps.saveStatus(status);
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => queue(step), Math.max(0, ms));
  };

  const addReading = (reading: RangeReading | null) => {
    if (reading && !readings.some((r) => r.k === reading.k && r.at === reading.at)) readings.push(reading);
  };

  async function step(): Promise<void> {
    if (open.size === 0) return;
    const [settings, snapshot] = await Promise.all([deps.getSettings(), deps.getSnapshot()]);
    const base = settings.apiBase;
    if (base !== readingsBase) {
      readings = [];
      readingsBase = base;
    }
    const credits = snapshot.credits;
    const today = credits && serverDate(credits.periodStart);
    // Nothing to anchor the days on before the first credits/today: the next snapshot wakes us.
    if (!credits || !today) return;
    addReading(todayReading(credits, REQUEST_TIMEOUT_MS));
    readings = readings.filter((r) => r.day === today);

    const cache = await deps.loadCache();
    let entry = withDays(cache[base], today, deriveDays(readings, today));
    const older = deriveOlderData(readings, today);
    if (older === true) entry = { ...entry, olderData: true };
    else if (older === false) entry = { ...entry, olderCheckedOn: today };
    if (JSON.stringify(entry) !== JSON.stringify(cache[base]))
      await deps.saveCache({ ...cache, [base]: entry });

    const next = planNextRead(readings, today, missingDays(entry, today), needsOlderProbe(entry, today));
    if (next === null) return saveStatus({ apiBase: base, state: 'idle' });
    if ('wait' in next) return saveStatus({ apiBase: base, state: 'loading' });

    const log = await deps.requestLog();
    const lastLogged = Math.max(lastRequestAt, ...(log[ENDPOINTS.range] ?? []));
    const now = deps.now();
    const dueAt = Math.max(lastLogged + RANGE_SPACING_MS, retryAt);
    // The engine's own range read (its probe) may be running: one request per endpoint at a time.
    const engineProbing = snapshot.updating !== null && snapshot.capabilities === null;
    if (now < dueAt || engineProbing) {
      schedule(Math.max(dueAt - now, 1000));
      return saveStatus({ apiBase: base, state: 'loading', nextAt: Math.max(dueAt, now + 1000) });
    }
    if (!takeBudget(log, ENDPOINTS.range, now)) {
      const oldest = Math.min(...(log[ENDPOINTS.range] ?? [now]));
      retryAt = oldest + HOUR_MS;
      schedule(retryAt - now);
      return saveStatus({ apiBase: base, state: 'error', message: t('historyBudget'), nextAt: retryAt });
    }
    lastRequestAt = now;
    await deps.saveRequestLog(log);
    const client = createApiClient({ baseUrl: base, fetch: deps.fetch });
    const result = await client.get(`${ENDPOINTS.range}${rangeQuery(next.read)}`, RangeSumSchema);
    const at = deps.now();
    if (result.ok && 'value' in result) {
      const reading = normaliseRangeReading(next.read, result.value, now, at);
      if (reading) {
        addReading(reading);
        schedule(0);
        return;
      }
    }
    retryAt = at + (!result.ok && result.kind === 'rate-limited' ? RATE_LIMITED_MS : RETRY_MS);
    schedule(retryAt - at);
    await saveStatus({
      apiBase: base,
      state: 'error',
      message: result.ok ? t('errorBadData') : result.message,
      nextAt: retryAt,
    });
  }

  async function keepRows(snapshot: Snapshot): Promise<void> {
    const dayStartMs = snapshot.credits?.dayStartMs;
    if (pendingRows.length === 0 || dayStartMs === null || dayStartMs === undefined) return;
    const fresh = pendingRows;
    pendingRows = [];
    const settings = await deps.getSettings();
    const stored = await deps.loadRows();
    const kept = stored?.apiBase === settings.apiBase && stored.dayStartMs === dayStartMs ? stored.rows : [];
    const rows = mergeRows(kept, fresh, dayStartMs);
    // Rows never change once written: the same ids are the same rows. Most polls bring none new,
    // and the day's rows (up to 2,000) are not written again for nothing.
    if (
      stored &&
      kept.length > 0 &&
      rows.length === kept.length &&
      rows.every((r, i) => r.id === kept[i]?.id)
    ) {
      return;
    }
    await deps.saveRows({ apiBase: settings.apiBase, dayStartMs, rows });
  }

  return {
    setOpen(key, isOpen) {
      if (isOpen) open.add(key);
      else open.delete(key);
      if (open.size > 0) schedule(0);
      else clearTimeout(timer);
    },
    onSnapshot(snapshot) {
      queue(() => keepRows(snapshot));
      if (open.size > 0) schedule(0);
    },
    onTransactions(rows) {
      for (const row of rows) {
        const kept = toCreditRow(row);
        if (kept) pendingRows.push(kept);
      }
    },
    idle: () => chain,
  };
}

/**
 * One request log object for the engine and the history: both take from the same hourly budget,
 * and neither's save can drop the other's entries.
 */
export function sharedRequestLog(): {
  load: () => Promise<RequestLog>;
  save: (log: RequestLog) => Promise<void>;
} {
  let loaded: Promise<RequestLog> | null = null;
  return {
    load: () => {
      loaded ??= requestLogStorage.get().catch((error: unknown) => {
        loaded = null;
        throw error;
      });
      return loaded;
    },
    save: (log) => requestLogStorage.set(log),
  };
}

/** Wires the history to storage and the network. Call once, synchronously, from the background. */
export function registerHistorySync(requestLog: ReturnType<typeof sharedRequestLog>): HistorySync {
  const sync = createHistorySync({
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    getSettings: () => settingsStorage.get(),
    getSnapshot: () => snapshotStorage.get(),
    loadCache: () => historyStorage.get(),
    saveCache: (cache) => historyStorage.set(cache),
    saveStatus: (status) => historyStatusStorage.set(status),
    loadRows: () => todayRowsStorage.get(),
    saveRows: (rows) => todayRowsStorage.set(rows),
    requestLog: requestLog.load,
    saveRequestLog: requestLog.save,
  });
  snapshotStorage.watch((snapshot) => sync.onSnapshot(snapshot));
  return sync;
}
