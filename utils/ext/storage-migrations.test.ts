import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import release010 from '../../tests/fixtures/storage-0.1.0.json';
import { DEFAULT_SETTINGS } from '../settings';
import { loadSnapshot } from './refresh-engine';
import { defineItem, type Migration, versionedKey } from './storage';
import { migrateItems, migrateStorage, STORED_ITEMS, type StoredItem } from './storage-migrations';

type Areas = Pick<typeof release010, 'local' | 'sync' | 'session'>;
const AREAS = ['local', 'sync', 'session'] as const;

async function storeRelease010(): Promise<void> {
  for (const area of AREAS)
    await fakeBrowser.storage[area].set(structuredClone(release010[area]) as Record<string, unknown>);
}

async function dump(): Promise<Areas> {
  const [local, sync, session] = await Promise.all(AREAS.map((area) => fakeBrowser.storage[area].get()));
  return { local, sync, session } as Areas;
}

/** The items release 0.1.0 stored. */
const RELEASE_010_ITEMS = STORED_ITEMS.filter((entry) => !entry.added);

beforeEach(() => {
  fakeBrowser.reset();
});

describe('data stored by release 0.1.0', () => {
  it('covers every stored item, and every item is in the fixture', () => {
    const inFixture = AREAS.flatMap((area) => Object.keys(release010[area]).map((key) => `${area} ${key}`));
    expect(RELEASE_010_ITEMS.map(({ area, key }) => `${area} ${key}`).sort()).toEqual(inFixture.sort());
  });

  it('has none of the items added since', () => {
    const added = STORED_ITEMS.filter((entry) => entry.added);
    expect(added.map(({ key }) => key)).toEqual(['managedPolicy', 'managedAnswered']);
    for (const { area, key } of added) expect(release010[area]).not.toHaveProperty(key);
  });

  it('survives the upgrade: nothing migrated, nothing lost, every item reads back what was stored', async () => {
    await storeRelease010();
    expect(await migrateStorage()).toEqual([]);
    expect(await dump()).toEqual({
      local: release010.local,
      sync: release010.sync,
      session: release010.session,
    });
    for (const { item, area, key } of RELEASE_010_ITEMS) {
      const stored = (release010[area] as Record<string, unknown>)[key];
      // These settings were saved before `monthlyPlan` existed: the reader adds its default.
      const expected = key === 'settings' ? { ...DEFAULT_SETTINGS, ...(stored as object) } : stored;
      expect(await item.get(), `${area} ${key}`).toEqual(expected);
    }
  });

  it('keeps the snapshot with its display text (a later version drops it)', async () => {
    await storeRelease010();
    await migrateStorage();
    const snapshot = STORED_ITEMS.find(({ key }) => key === 'snapshot')?.item;
    expect(await snapshot?.get()).toHaveProperty('summary', release010.local.snapshot.summary);
  });
});

describe('every item is stored under the key of its version', () => {
  it.each(STORED_ITEMS.map((entry) => [`${entry.area} ${entry.key}`, entry] as const))(
    '%s',
    async (_name, entry) => {
      // Any value will do: the writer stores what it is given.
      await entry.item.set(DEFAULT_SETTINGS);
      const key = versionedKey(entry.key, entry.migrations.length + 1);
      expect(await fakeBrowser.storage[entry.area].get()).toEqual({ [key]: DEFAULT_SETTINGS });
    },
  );
});

describe('versionedKey', () => {
  it.each([
    ['snapshot', 1, 'snapshot'],
    ['snapshot', 2, 'snapshot@v2'],
    ['settings', 10, 'settings@v10'],
  ])('%s at version %i is stored under %s', (key, version, expected) => {
    expect(versionedKey(key, version)).toBe(expected);
  });
});

describe('migrateItems', () => {
  /** Version 2 of the snapshot as the next release will have it: no display text. */
  const dropSummary: Migration = (old) => {
    const { summary: _, ...snapshot } = old as { summary?: unknown };
    return snapshot;
  };
  const withoutSummary = (() => {
    const { summary: _, ...snapshot } = release010.local.snapshot;
    return snapshot;
  })();
  const snapshotV2 = (migrations: Migration[]): StoredItem => ({
    item: defineItem('local', versionedKey('snapshot', migrations.length + 1), (raw) => raw ?? null),
    area: 'local',
    key: 'snapshot',
    migrations,
  });

  it('runs a migration once: v1 is moved to v2, its key removed, and a second start does nothing', async () => {
    await storeRelease010();
    const migrate = vi.fn(dropSummary);
    const entry = snapshotV2([migrate]);
    expect(await migrateItems([entry])).toEqual(['snapshot']);
    expect(await migrateItems([entry])).toEqual([]);
    expect(migrate).toHaveBeenCalledTimes(1);
    expect(await entry.item.get()).toEqual(withoutSummary);
    const local = await fakeBrowser.storage.local.get();
    expect(local).not.toHaveProperty('snapshot');
    // Nothing else was touched.
    const { snapshot: _, ...others } = release010.local;
    expect(local).toEqual({ ...others, 'snapshot@v2': withoutSummary });
  });

  it('runs the migrations in order from the newest older version', async () => {
    const calls: string[] = [];
    const step =
      (name: string): Migration =>
      (old) => {
        calls.push(name);
        return [...(old as string[]), name];
      };
    const entry: StoredItem = {
      item: defineItem('local', 'list@v4', (raw) => raw),
      area: 'local',
      key: 'list',
      migrations: [step('2'), step('3'), step('4')],
    };
    await fakeBrowser.storage.local.set({ list: ['1'], 'list@v2': ['2 as stored'] });
    expect(await migrateItems([entry])).toEqual(['list']);
    expect(calls).toEqual(['3', '4']);
    expect(await fakeBrowser.storage.local.get()).toEqual({ 'list@v4': ['2 as stored', '3', '4'] });
  });

  it('keeps data the current version already wrote, and removes the older', async () => {
    await fakeBrowser.storage.local.set({
      snapshot: release010.local.snapshot,
      'snapshot@v2': { newer: true },
    });
    const migrate = vi.fn(dropSummary);
    expect(await migrateItems([snapshotV2([migrate])])).toEqual([]);
    expect(migrate).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.local.get()).toEqual({ 'snapshot@v2': { newer: true } });
  });

  it('keeps the older key in sync storage, where another browser may still run 0.1.0', async () => {
    await fakeBrowser.storage.sync.set({ settings: release010.sync.settings });
    const entry: StoredItem = {
      item: defineItem('sync', 'settings@v2', (raw) => raw),
      area: 'sync',
      key: 'settings',
      migrations: [(old) => ({ ...(old as object), moved: true })],
    };
    expect(await migrateItems([entry])).toEqual(['settings']);
    expect(await migrateItems([entry])).toEqual([]);
    expect(await fakeBrowser.storage.sync.get()).toEqual({
      settings: release010.sync.settings,
      'settings@v2': { ...release010.sync.settings, moved: true },
    });
  });

  it.each([
    ['nothing stored', {}],
    ['only the current version', { 'snapshot@v2': { a: 1 } }],
  ])('does nothing with %s', async (_case, stored) => {
    await fakeBrowser.storage.local.set(stored);
    const migrate = vi.fn(dropSummary);
    expect(await migrateItems([snapshotV2([migrate])])).toEqual([]);
    expect(migrate).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.local.get()).toEqual(stored);
  });
});

describe("the background's engine starts from 0.1.0's snapshot", () => {
  it('with every figure, without the display text', async () => {
    await storeRelease010();
    await migrateStorage();
    const { summary: _, ...figures } = release010.local.snapshot;
    const loaded = await loadSnapshot();
    expect(loaded).toEqual(figures);
    expect(loaded).not.toHaveProperty('summary');
  });
});
