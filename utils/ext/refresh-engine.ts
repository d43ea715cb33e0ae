/**
 * The refresh engine as the background runs it: real fetch and clock, the stored snapshot, the
 * hourly budget's request log, and today's rows handed on to the history.
 */
import { createEngine, type Engine } from '../engine/engine';
import type { Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import { withoutStoredWords } from './bar-feed';
import type { HistorySync, sharedRequestLog } from './history-sync';
import { LOG_PREFIX } from './log';
import { type StorageItem, sessionStartedStorage, snapshotStorage, testBudgetStorage } from './storage';

/**
 * The stored snapshot as the engine starts from it, without the ready-made words (`summary`) that
 * release 0.1.0 stored in it: the first save leaves them out.
 */
export async function loadSnapshot(): Promise<Snapshot> {
  return withoutStoredWords(await snapshotStorage.get());
}

/** The background's engine; `settings` is read on every refresh (pass a cached item). */
export function createRefreshEngine(
  settings: StorageItem<Settings>,
  requestLog: ReturnType<typeof sharedRequestLog>,
  history: HistorySync,
): Engine {
  const engine = createEngine({
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    random: () => Math.random(),
    getSettings: () => settings.get(),
    loadSnapshot,
    saveSnapshot: (snapshot) => snapshotStorage.set(snapshot),
    localOffsetMin: (at) => -new Date(at ?? Date.now()).getTimezoneOffset(),
    loadRequestLog: requestLog.load,
    saveRequestLog: requestLog.save,
    onTransactions: (rows) => history.onTransactions(rows),
    hourlyBudget: import.meta.env.MODE === 'e2e' ? () => testBudgetStorage.get() : undefined,
  });
  return engine;
}

/**
 * What a (re)started background owes the snapshot: a stopped worker may have left a fetch or a
 * socket marked as running, and a new browser session re-probes the app's capabilities.
 */
export function registerSessionStart(engine: Engine): void {
  engine.update((s) => ({ ...s, updating: null, socket: 'closed' })).catch(() => {});
  // A new browser session: the app may have been upgraded (OLD → HEAD) or moved meanwhile, so
  // probe its capabilities again (the offset is kept until measured anew). Session storage
  // outlives worker restarts within the session, so this runs once per session.
  sessionStartedStorage
    .get()
    .then(async (started) => {
      if (started) return;
      await sessionStartedStorage.set(true);
      await engine.update((s) =>
        s.capabilities ? { ...s, capabilities: { ...s.capabilities, probedAt: 0 } } : s,
      );
    })
    .catch((error: unknown) => console.error(LOG_PREFIX, 'session start not recorded', error));
}
