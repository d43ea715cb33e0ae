/**
 * The extension's storage items, in one place, each at a version (1: the shape release 0.1.0
 * stored). Version N > 1 of an item is stored under `key@vN` (`versionedKey`), so a reader takes
 * only data at its own version, at no cost, and data from before waits under its old key until the
 * background migrates it, once (`STORED_ITEMS` in storage-migrations.ts lists every item with its
 * migrations; a test checks that each item's key matches its version there).
 *
 * Small wrappers rather than WXT's storage items, because the content script must stay light:
 * `storage.defineItem` from `wxt/utils/storage` weighs about 3.3 KB gzip on its own, and even a
 * version kept next to each value (read and checked at every `get`) cost the content script about
 * 50 B more than its budget allows. WXT's items keep the version under `key$` instead; moving to
 * them later means one migration that reads the `@vN` keys.
 */
import { browser } from 'wxt/browser';
import type { BudgetAlertState } from '../budget';
import type { RequestLog } from '../schedule/policy';
import { coerceSettings, DEFAULT_SETTINGS, type Settings } from '../settings';
import { createEmptySnapshot, SNAPSHOT_VERSION, type Snapshot } from '../snapshot/types';
import type { BarFeed } from '../view/bar-view';
import { LOG_PREFIX } from './log';
import { type DockHeights, isDockHeight, MAX_DOCK_ENTRIES } from './protocol';

/** A storage area the extension uses. */
export type Area = 'local' | 'sync' | 'session';

/** Turns an item's value at one version into its value at the next. */
export type Migration = (old: unknown) => unknown;

/** Where version `version` of the item `key` is stored: version 1 under `key` itself, as 0.1.0 did. */
export const versionedKey = (key: string, version: number): string =>
  version > 1 ? `${key}@v${version}` : key;

/** One stored value, read as its type; `watch` follows it. */
export interface StorageItem<T> {
  get(): Promise<T>;
  set(value: T): Promise<void>;
  /** Calls back with the new value on every change; returns the unwatch function. */
  watch(callback: (value: T) => void): () => void;
}

/** A typed storage item; `read` turns whatever is stored (or nothing) into a value. */
export function defineItem<T>(area: Area, key: string, read: (raw: unknown) => T): StorageItem<T> {
  return {
    async get() {
      const stored = await browser.storage[area].get(key);
      return read(stored[key]);
    },
    async set(value) {
      await browser.storage[area].set({ [key]: value });
    },
    watch(callback) {
      const listener = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
        const change = changes[key];
        if (changedArea === area && change) callback(read(change.newValue));
      };
      browser.storage.onChanged.addListener(listener);
      // A content script left behind by an extension update has no `storage` any more.
      return () => browser.storage?.onChanged.removeListener(listener);
    },
  };
}

/**
 * Calls `callback` with `item`'s value now and after every change, in the order they happened:
 * the first read is dropped when a change came before it (the change brought the newer value;
 * a read can be slow, e.g. the settings in force right after the browser starts). Returns the
 * unwatch function.
 */
export function followItem<T>(item: StorageItem<T>, callback: (value: T) => void): () => void {
  let changed = false;
  const unwatch = item.watch((value) => {
    changed = true;
    callback(value);
  });
  item
    .get()
    .then((value) => {
      if (!changed) callback(value);
    })
    .catch((error: unknown) => console.error(LOG_PREFIX, error));
  return unwatch;
}

/**
 * `item` read from storage once, then kept current by its change events: for the background,
 * which reads the settings on every refresh. A failed read is not kept.
 */
export function cachedItem<T>(item: StorageItem<T>): StorageItem<T> {
  let current: Promise<T> | null = null;
  item.watch((value) => {
    current = Promise.resolve(value);
  });
  return {
    get() {
      current ??= item.get().catch((error: unknown) => {
        current = null;
        throw error;
      });
      return current;
    },
    set: (value) => item.set(value),
    watch: (callback) => item.watch(callback),
  };
}

/** The shortest poll interval a build accepts: test builds may poll faster. */
export const MIN_POLL_SECONDS = import.meta.env.MODE === 'e2e' ? 2 : 30;

/** The snapshot, written only by the background. */
export const snapshotStorage = defineItem<Snapshot>('local', 'snapshot', (raw) =>
  raw && typeof raw === 'object' && (raw as { version?: unknown }).version === SNAPSHOT_VERSION
    ? (raw as Snapshot)
    : createEmptySnapshot(),
);

/**
 * What the bar shows, made ahead: the snapshot and its words together (`BarFeed`), written by the
 * background from its own watcher (`bar-feed.ts`) after each snapshot or settings change; null
 * until then. The bar reads this, not the snapshot.
 */
export const barFeedStorage = defineItem<BarFeed | null>(
  'local',
  'barFeed',
  // Only the background writes it (and never anything but a feed); the bar's bundle stays small.
  (raw) => (raw as BarFeed | undefined) ?? null,
);

/**
 * The user's own settings, synced across the user's browsers. What is in force has the
 * administrator's values on top: read `settingsStorage` in `managed.ts` (or, in the bar,
 * `barSettingsStorage`).
 */
export const userSettingsStorage = defineItem<Settings>('sync', 'settings', (raw) =>
  coerceSettings(raw, MIN_POLL_SECONDS),
);

/**
 * The settings in force, kept current by the background for the bar: the bar then needs neither
 * managed storage nor the code that checks it.
 */
export const barSettingsStorage = defineItem<Settings>('local', 'effectiveSettings', (raw) =>
  // Only the background writes it, from checked settings: the bar's bundle does without the
  // checking code (about 0.9 KB gzip) and fills in what an older copy may lack.
  raw && typeof raw === 'object' && !Array.isArray(raw)
    ? { ...DEFAULT_SETTINGS, ...(raw as Partial<Settings>) }
    : DEFAULT_SETTINGS,
);

/**
 * The administrator's policy (`storage.managed`) as the browser last gave it, raw; undefined until
 * it was read once. Chrome answers managed storage only when its policy service is up, some
 * seconds after the browser starts: meanwhile the settings in force use this copy (`managed.ts`).
 */
export const managedCopyStorage = defineItem<unknown>('local', 'managedPolicy', (raw) => raw);

/** Whether the browser has given its managed storage since it started: the copy is then not used. */
export const managedAnsweredStorage = defineItem<boolean>(
  'session',
  'managedAnswered',
  (raw) => raw === true,
);

/** Whether the bar is collapsed to a pill, per user. */
export const collapsedStorage = defineItem<boolean>('sync', 'barCollapsed', (raw) => raw === true);

/** Written by the background only (the bar reports through its port: no storage call to race an unload). */
export const dockHeightsStorage = defineItem<DockHeights>('local', 'dockHeights', (raw) =>
  raw && typeof raw === 'object' && !Array.isArray(raw)
    ? Object.fromEntries(
        Object.entries(raw)
          .filter(([, h]) => isDockHeight(h))
          .slice(-MAX_DOCK_ENTRIES),
      )
    : {},
);

/** Set once per browser session (session storage outlives worker restarts, not the browser). */
export const sessionStartedStorage = defineItem<boolean>('session', 'sessionStarted', (raw) => raw === true);

/**
 * A lower hourly budget per endpoint, read only by test builds (the fault matrix's budget case);
 * production builds always use the built-in limit.
 */
export const testBudgetStorage = defineItem<number | null>('local', 'testHourlyBudget', (raw) =>
  typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : null,
);

/** Request times per endpoint over the last hour (the hourly budget). */
export const requestLogStorage = defineItem<RequestLog>('local', 'requestLog', (raw) =>
  raw && typeof raw === 'object' ? (raw as RequestLog) : {},
);

/** Budget thresholds already announced in the current credit day (never once per poll). */
export const budgetAlertStorage = defineItem<BudgetAlertState | null>('local', 'budgetAlerts', (raw) =>
  raw &&
  typeof raw === 'object' &&
  typeof (raw as BudgetAlertState).periodStart === 'string' &&
  Array.isArray((raw as BudgetAlertState).notified)
    ? (raw as BudgetAlertState)
    : null,
);
