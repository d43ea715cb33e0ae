/**
 * Writes the bar's feed (`barFeedStorage`: the snapshot and its words) whenever the snapshot or the
 * settings change. Its own storage watcher, apart from the engine's save: the stored snapshot stays
 * data, and the words follow a budget change without a fetch.
 *
 * Making the words is the costly part (dates, the burn rate), so it is done only when it can change
 * what a bar shows. While no bar is open, changes are only noted, and the first bar to open (its
 * port's hello) has the feed made anew: it reads the feed at once and follows it from then on. A
 * change of `updating` alone (the write that starts every refresh) keeps the words made from the
 * same data and copies only that mark into the feed.
 */
import type { Browser } from 'wxt/browser';
import type { Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import { type BarFeed, deriveBarFeed } from '../view/bar-view';
import { uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { barFeedStorage, type StorageItem, snapshotStorage } from './storage';

/** The feed writer as the viewer ports see it. */
export interface BarFeedWriter {
  /** A bar's port said hello (`open`) or went away. */
  setOpen(port: Browser.runtime.Port, open: boolean): void;
}

/** Keeps the bar's feed current. `settings`: the settings in force (the background's cached item). */
export function registerBarFeed(settings: StorageItem<Settings>): BarFeedWriter {
  const bars = new Set<Browser.runtime.Port>();
  /** A change came while no bar was open: the stored feed is behind. */
  let behind = false;
  /** What the stored feed was made from (the words depend on the budget alone of the settings). */
  let made: { snapshot: Snapshot; budget: Settings['budget']; feed: BarFeed } | null = null;
  // One write at a time, in the order of the changes: the last change's words are the ones kept.
  let writes: Promise<void> = Promise.resolve();
  const write = (snapshot?: Snapshot, changed?: Settings) => {
    writes = writes
      .then(async () => {
        const [stored, inForce] = await Promise.all([
          snapshot ?? snapshotStorage.get(),
          changed ?? settings.get(),
        ]);
        const current = withoutStoredWords(stored);
        const feed =
          made && made.budget === inForce.budget && isSameBesidesUpdating(made.snapshot, current)
            ? { ...made.feed, snapshot: { ...made.feed.snapshot, updating: current.updating } }
            : deriveBarFeed(current, inForce, Date.now(), uiLocale());
        await barFeedStorage.set(feed);
        made = { snapshot: current, budget: inForce.budget, feed };
      })
      .catch((error: unknown) => console.error(LOG_PREFIX, 'bar feed not saved', error));
  };
  const onChange = (snapshot?: Snapshot, changed?: Settings) => {
    if (bars.size > 0) write(snapshot, changed);
    else behind = true;
  };
  snapshotStorage.watch((snapshot) => onChange(snapshot));
  settings.watch((value) => onChange(undefined, value));
  // A feed from before a restart or an update may be of another release: make it anew.
  write();
  return {
    setOpen(port, open) {
      if (!open) {
        bars.delete(port);
        return;
      }
      bars.add(port);
      if (!behind) return;
      behind = false;
      write();
    },
  };
}

/** Whether two snapshots hold the same data, whatever their `updating` mark. */
function isSameBesidesUpdating(a: Snapshot, b: Snapshot): boolean {
  return isSameValue({ ...a, updating: null }, { ...b, updating: null });
}

/** Deep equality of stored (JSON-like) values. */
function isSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (key) =>
        Object.hasOwn(b, key) &&
        isSameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/**
 * The snapshot without the words release 0.1.0 stored in it (`summary`): they are the views' now,
 * and a stored copy would only go out of date (the engine keeps every field it does not set).
 */
export function withoutStoredWords(snapshot: Snapshot): Snapshot {
  const { summary: _, ...data } = snapshot as Snapshot & { summary?: unknown };
  return data;
}
