// The bar's feed in the background: written from its own storage watcher when the snapshot or the
// settings change (the fake browser's storage), never as part of the snapshot, and only made anew
// when a bar could show the difference.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCreditEvent, createLoadedSnapshot } from '../../tests/unit/fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import { deriveBarFeed } from '../view/bar-view';
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
// Counts how often the words are made (the costly part), still making them.
vi.mock('../view/bar-view', async (importOriginal) => {
  const original = await importOriginal<typeof import('../view/bar-view')>();
  return { ...original, deriveBarFeed: vi.fn(original.deriveBarFeed) };
});
const derived = vi.mocked(deriveBarFeed);
/** A bar's port, as the viewer ports hand it on. */
const barPort = (): Browser.runtime.Port => ({}) as Browser.runtime.Port;
const settingsItem = defineItem<Settings>(
  'local',
  'testSettings',
  (raw) => (raw as Settings) ?? DEFAULT_SETTINGS,
);

describe('registerBarFeed', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    derived.mockClear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the feed at start, after each snapshot and after each settings change', async () => {
    await snapshotStorage.set(snapshot);
    registerBarFeed(settingsItem).setOpen(barPort(), true);
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

  it('copies the mark of a starting refresh (`updating`) into the feed without making the words again', async () => {
    await snapshotStorage.set(snapshot);
    registerBarFeed(settingsItem).setOpen(barPort(), true);
    await vi.waitFor(() => expect(derived).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect(await barFeedStorage.get()).not.toBeNull());
    const before = await barFeedStorage.get();

    await snapshotStorage.set({ ...snapshot, updating: NOW });
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.snapshot.updating).toBe(NOW));
    expect(derived).toHaveBeenCalledTimes(1);
    const marked = await barFeedStorage.get();
    expect(marked?.words).toEqual(before?.words);
    expect(marked?.snapshot).toEqual({ ...before?.snapshot, updating: NOW });

    // The refresh's own result (new data, `updating` cleared) is worded anew.
    await snapshotStorage.set({
      ...snapshot,
      updatedAt: NOW,
      credits: snapshot.credits && { ...snapshot.credits, total: 1300, fetchedAt: NOW },
    });
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('1,300'));
    expect(derived).toHaveBeenCalledTimes(2);
    expect((await barFeedStorage.get())?.snapshot).toMatchObject({ updating: null, updatedAt: NOW });
  });

  it('makes no words while no bar is open, and the feed anew when one opens', async () => {
    await snapshotStorage.set(snapshot);
    const writer = registerBarFeed(settingsItem);
    // At start the feed is made whoever looks: the stored one may be of another release.
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('1,284'));
    expect(derived).toHaveBeenCalledTimes(1);

    await snapshotStorage.set({
      ...snapshot,
      credits: snapshot.credits && { ...snapshot.credits, total: 2000 },
    });
    await settingsItem.set({ ...DEFAULT_SETTINGS, budget: 5000 });
    await snapshotStorage.set({
      ...snapshot,
      updatedAt: NOW,
      credits: snapshot.credits && { ...snapshot.credits, total: 2500 },
    });
    expect((await barFeedStorage.get())?.words.credits).toBe('1,284');

    // A bar opens: it gets the words of the latest snapshot and settings, made once (the writes
    // run in order: had any change above been worded, the count would be higher by now).
    const port = barPort();
    writer.setOpen(port, true);
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('2,500 / 5,000'));
    expect((await barFeedStorage.get())?.snapshot.updatedAt).toBe(NOW);
    expect(derived).toHaveBeenCalledTimes(2);

    // A second bar finds the feed current: nothing to make.
    writer.setOpen(barPort(), true);
    await snapshotStorage.set({
      ...snapshot,
      credits: snapshot.credits && { ...snapshot.credits, total: 2600 },
    });
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('2,600 / 5,000'));
    expect(derived).toHaveBeenCalledTimes(3);

    // One bar closes, the other still reads the feed; once both have gone, changes wait again.
    writer.setOpen(port, false);
    await snapshotStorage.set({
      ...snapshot,
      credits: snapshot.credits && { ...snapshot.credits, total: 2700 },
    });
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('2,700 / 5,000'));
    expect(derived).toHaveBeenCalledTimes(4);
  });

  it('stops making words when the last bar has gone', async () => {
    await snapshotStorage.set(snapshot);
    const writer = registerBarFeed(settingsItem);
    const port = barPort();
    writer.setOpen(port, true);
    await vi.waitFor(() => expect(derived).toHaveBeenCalledTimes(1));
    writer.setOpen(port, false);
    await snapshotStorage.set({
      ...snapshot,
      credits: snapshot.credits && { ...snapshot.credits, total: 2000 },
    });
    expect((await barFeedStorage.get())?.words.credits).toBe('1,284');
    // Open again: one making of words for the change made while it was closed, none before.
    writer.setOpen(port, true);
    await vi.waitFor(async () => expect((await barFeedStorage.get())?.words.credits).toBe('2,000'));
    expect(derived).toHaveBeenCalledTimes(2);
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
