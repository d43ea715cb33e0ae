import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../settings';
import { MAX_DOCK_ENTRIES } from './protocol';
import {
  barSettingsStorage,
  cachedItem,
  defineItem,
  dockHeightsStorage,
  followItem,
  type StorageItem,
} from './storage';

beforeEach(() => {
  fakeBrowser.reset();
});

describe("barSettingsStorage reads the background's copy over the defaults", () => {
  it.each<[string, unknown, unknown]>([
    ['nothing stored', undefined, DEFAULT_SETTINGS],
    ['not an object', 'x', DEFAULT_SETTINGS],
    ['an array', [false], DEFAULT_SETTINGS],
    ['an older copy without newer keys', { enabled: false }, { ...DEFAULT_SETTINGS, enabled: false }],
    [
      'a whole copy',
      { ...DEFAULT_SETTINGS, routes: { tokens: '/t', ingestion: '/i' } },
      { ...DEFAULT_SETTINGS, routes: { tokens: '/t', ingestion: '/i' } },
    ],
  ])('%s', async (_case, raw, expected) => {
    await fakeBrowser.storage.local.set({ effectiveSettings: raw });
    expect(await barSettingsStorage.get()).toEqual(expected);
  });
});

describe('dockHeightsStorage reads only plausible heights', () => {
  it.each<[string, unknown, Record<string, number>]>([
    ['nothing stored', undefined, {}],
    ['not an object', 'x', {}],
    ['an array', [30], {}],
    [
      'good entries',
      { 'http://a tokens': 30, 'http://a ingestion': 0 },
      { 'http://a tokens': 30, 'http://a ingestion': 0 },
    ],
    [
      'impossible heights dropped',
      { a: -1, b: 1.5, c: '30', d: 10_000, e: null, f: Number.NaN, g: 48 },
      { g: 48 },
    ],
  ])('%s', async (_case, raw, expected) => {
    await fakeBrowser.storage.local.set({ dockHeights: raw });
    expect(await dockHeightsStorage.get()).toEqual(expected);
  });

  it(`keeps the newest ${MAX_DOCK_ENTRIES} entries`, async () => {
    const many = Object.fromEntries(Array.from({ length: MAX_DOCK_ENTRIES + 5 }, (_, i) => [`k${i}`, i]));
    await fakeBrowser.storage.local.set({ dockHeights: many });
    const read = await dockHeightsStorage.get();
    expect(Object.keys(read)).toHaveLength(MAX_DOCK_ENTRIES);
    expect(read).not.toHaveProperty('k0');
    expect(read).toHaveProperty(`k${MAX_DOCK_ENTRIES + 4}`, MAX_DOCK_ENTRIES + 4);
  });
});

describe('cachedItem', () => {
  it('reads storage once, then follows its changes', async () => {
    await fakeBrowser.storage.local.set({ dockHeights: { a: 1 } });
    const cached = cachedItem(dockHeightsStorage);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await cached.get()).toEqual({ a: 1 });
    expect(await cached.get()).toEqual({ a: 1 });
    expect(get).toHaveBeenCalledTimes(1);
    await fakeBrowser.storage.local.set({ dockHeights: { a: 2 } });
    expect(await cached.get()).toEqual({ a: 2 });
    await cached.set({ b: 3 });
    expect(await cached.get()).toEqual({ b: 3 });
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failed read', async () => {
    await fakeBrowser.storage.local.set({ dockHeights: { a: 4 } });
    const cached = cachedItem(dockHeightsStorage);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('busy'));
    await expect(cached.get()).rejects.toThrow('busy');
    expect(await cached.get()).toEqual({ a: 4 });
    expect(get).toHaveBeenCalledTimes(2);
  });
});

describe('followItem', () => {
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  const counter = defineItem<number>('local', 'counter', (raw) => (typeof raw === 'number' ? raw : 0));

  it('gives the value now, then every change in order; unwatch stops it', async () => {
    await counter.set(1);
    const seen: number[] = [];
    const unwatch = followItem(counter, (value) => seen.push(value));
    await flush();
    await counter.set(2);
    await counter.set(3);
    unwatch();
    await counter.set(4);
    await flush();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('drops a slow first read when a change came before it (the change is newer)', async () => {
    await counter.set(1);
    let answer: (value: number) => void = () => {};
    const slow: StorageItem<number> = {
      ...counter,
      get: () => new Promise((resolve) => (answer = resolve)),
    };
    const seen: number[] = [];
    followItem(slow, (value) => seen.push(value));
    await counter.set(2);
    // The first read answers late, with what it found before the change.
    answer(1);
    await flush();
    expect(seen).toEqual([2]);
  });
});
