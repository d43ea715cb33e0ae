/**
 * Writes the bar's feed (`barFeedStorage`: the snapshot and its words) whenever the snapshot or the
 * settings change. Its own storage watcher, apart from the engine's save: the stored snapshot stays
 * data, and the words follow a budget change without a fetch.
 */
import type { Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import { deriveBarFeed } from '../view/bar-view';
import { uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { barFeedStorage, type StorageItem, snapshotStorage } from './storage';

/** Keeps the bar's feed current. `settings`: the settings in force (the background's cached item). */
export function registerBarFeed(settings: StorageItem<Settings>): void {
  // One write at a time, in the order of the changes: the last change's words are the ones kept.
  let writes: Promise<void> = Promise.resolve();
  const write = (snapshot?: Snapshot, changed?: Settings) => {
    writes = writes
      .then(async () => {
        const [current, inForce] = await Promise.all([
          snapshot ?? snapshotStorage.get(),
          changed ?? settings.get(),
        ]);
        await barFeedStorage.set(deriveBarFeed(withoutStoredWords(current), inForce, Date.now(), uiLocale()));
      })
      .catch((error: unknown) => console.error(LOG_PREFIX, 'bar feed not saved', error));
  };
  snapshotStorage.watch((snapshot) => write(snapshot));
  settings.watch((value) => write(undefined, value));
  // A feed from before a restart or an update may be of another release: make it anew.
  write();
}

/**
 * The snapshot without the words release 0.1.0 stored in it (`summary`): they are the views' now,
 * and a stored copy would only go out of date (the engine keeps every field it does not set).
 */
export function withoutStoredWords(snapshot: Snapshot): Snapshot {
  const { summary: _, ...data } = snapshot as Snapshot & { summary?: unknown };
  return data;
}
