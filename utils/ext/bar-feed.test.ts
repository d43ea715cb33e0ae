// The bar's feed in the background: written from its own storage watcher when the snapshot or the
// settings change (the fake browser's storage), never as part of the snapshot.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCreditEvent, createLoadedSnapshot } from '../../tests/unit/fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import { registerBarFeed, withoutStoredWords } from './bar-feed';
import { barFeedStorage, defineItem, snapshotStorage } from './storage';

const NOW = Date.UTC(2026, 11, 6, 14, 30);
const snapshot = createLoadedSnapshot(
  NOW,
  { total: 1284, byOperation: { market_cap_refresh: 1284 } },
  {
    recentAnalyses: { times: [NOW - 60_000, NOW - 120_000], fetchedAt: NOW - 5_000 },
    events: [createCreditEvent(7, 'market_cap_refresh', 12, NOW - 60_000)],
  },
);
const settingsItem = defineItem<Settings>(
  'local',
  'testSettings',
  (raw) => (raw as Settings) ?? DEFAULT_SETTINGS,
);

describe('registerBarFeed', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the feed at start, after each snapshot and after each settings change', async () => {
    await snapshotStorage.set(snapshot);
    registerBarFeed(settingsItem);
    await vi.waitFor(async () => expect(await barFeedStorage.get()).not.toBeNull());
    const first = await barFeedStorage.get();
    expect(first?.words).toMatchObject({ credits: '1,284', scanned: '2', pill: '1,284 cr' });
    expect(first?.words.events.map((e) => e.text)).toEqual([
      expect.stringMatching(/^market_cap_refresh: 12 cr @/),
    ]);
    // The copy of the snapshot keeps what the status reads, not the rows only the words need.
    expect(first?.snapshot).toMatchObject({ updatedAt: snapshot.updatedAt, events: [], usage: null });
    expect(first?.snapshot.recentAnalyses).toEqual({ times: [], fetchedAt: NOW - 5_000 });
    expect(first?.snapshot.credits?.total).toBe(1284);

    await snapshotStorage.set({
      ...snapshot,
      credits: snapshot.credits && { ...snapshot.credits, total: 2000 },
    });
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('2,000'));

    await settingsItem.set({ ...DEFAULT_SETTINGS, budget: 5000 });
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('2,000 / 5,000'));
    // The snapshot itself stays data: no words were written into it.
    expect(Object.keys(await snapshotStorage.get())).not.toContain('summary');

    // A snapshot stored by release 0.1.0 still carries its words: the feed's copy leaves them out.
    await snapshotStorage.set({ ...snapshot, summary: { credits: '1,284' } } as Snapshot);
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('1,284 / 5,000'));
    expect(Object.keys((await barFeedStorage.get())?.snapshot ?? {})).not.toContain('summary');
  });
});

describe('withoutStoredWords', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      'a snapshot of release 0.1.0, with its summary',
      { ...snapshot, summary: { credits: '1,284', day: 'Today' } },
    ],
    ['a snapshot without one', { ...snapshot }],
  ])('%s: the data stays, the words go', (_, stored) => {
    const loaded = withoutStoredWords(stored as unknown as Snapshot);
    expect(loaded).toEqual(snapshot);
    expect('summary' in loaded).toBe(false);
  });
});
