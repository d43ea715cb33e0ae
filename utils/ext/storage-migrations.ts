/**
 * The stored items' versions and upgrades, run once by the background when it starts (see
 * storage.ts for where each version is kept). Only the background runs them, so the content
 * script carries none of this.
 */
import { browser } from 'wxt/browser';
import { historyStatusStorage, historyStorage, planAlertStorage, todayRowsStorage } from './history-storage';
import { movedPagesStorage } from './moved-pages';
import {
  type Area,
  barSettingsStorage,
  budgetAlertStorage,
  collapsedStorage,
  dockHeightsStorage,
  type Migration,
  managedAnsweredStorage,
  managedCopyStorage,
  requestLogStorage,
  type StorageItem,
  sessionStartedStorage,
  snapshotStorage,
  testBudgetStorage,
  userSettingsStorage,
  versionedKey,
} from './storage';

/** One stored item as the upgrade sees it. */
export interface StoredItem {
  item: StorageItem<unknown>;
  area: Area;
  /** Its key at version 1 (release 0.1.0's). */
  key: string;
  /**
   * `migrations[0]` turns version 1 into version 2, and so on: the item is at version
   * `migrations.length + 1`. Append one here and give the item its new key in storage.ts
   * (`versionedKey(key, version)`); a test checks the two agree.
   */
  migrations: readonly Migration[];
  /** First stored after release 0.1.0 (its data has none). */
  added?: true;
}

/** Every item the extension stores, with its migrations. */
export const STORED_ITEMS: readonly StoredItem[] = [
  { item: snapshotStorage, area: 'local', key: 'snapshot', migrations: [] },
  { item: userSettingsStorage, area: 'sync', key: 'settings', migrations: [] },
  { item: barSettingsStorage, area: 'local', key: 'effectiveSettings', migrations: [] },
  { item: collapsedStorage, area: 'sync', key: 'barCollapsed', migrations: [] },
  { item: dockHeightsStorage, area: 'local', key: 'dockHeights', migrations: [] },
  { item: sessionStartedStorage, area: 'session', key: 'sessionStarted', migrations: [] },
  { item: testBudgetStorage, area: 'local', key: 'testHourlyBudget', migrations: [] },
  { item: requestLogStorage, area: 'local', key: 'requestLog', migrations: [] },
  { item: budgetAlertStorage, area: 'local', key: 'budgetAlerts', migrations: [] },
  { item: historyStorage, area: 'local', key: 'history', migrations: [] },
  { item: historyStatusStorage, area: 'local', key: 'historyStatus', migrations: [] },
  { item: todayRowsStorage, area: 'local', key: 'todayRows', migrations: [] },
  { item: planAlertStorage, area: 'local', key: 'planAlerts', migrations: [] },
  { item: movedPagesStorage, area: 'local', key: 'movedPages', migrations: [] },
  { item: managedCopyStorage, area: 'local', key: 'managedPolicy', migrations: [], added: true },
  { item: managedAnsweredStorage, area: 'session', key: 'managedAnswered', migrations: [], added: true },
];

/**
 * Brings each of `items` stored at an older version up to its own: the newest older version's
 * value goes through the migrations and is written under the item's current key, and the older
 * keys are removed (in `sync`, where another browser may still run an older release, they are
 * kept). Data already at the current version wins: the current code wrote it, after the upgrade.
 * Returns the keys it migrated.
 */
export async function migrateItems(items: readonly StoredItem[]): Promise<string[]> {
  const migrated: string[] = [];
  for (const { area, key, migrations } of items) {
    const version = migrations.length + 1;
    if (version === 1) continue;
    const keys = Array.from({ length: version }, (_, i) => versionedKey(key, i + 1));
    const stored = await browser.storage[area].get(keys);
    const older = keys.slice(0, -1).filter((k) => stored[k] !== undefined);
    const newest = older.at(-1);
    if (newest === undefined) continue;
    const current = versionedKey(key, version);
    if (stored[current] === undefined) {
      let value = stored[newest];
      for (const migrate of migrations.slice(keys.indexOf(newest))) value = migrate(value);
      await browser.storage[area].set({ [current]: value });
      migrated.push(key);
    }
    if (area !== 'sync') await browser.storage[area].remove(older);
  }
  return migrated;
}

/** Runs the migrations of every stored item. Call when the background starts. */
export function migrateStorage(): Promise<string[]> {
  return migrateItems(STORED_ITEMS);
}
