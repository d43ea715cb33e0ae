import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dockHeightsStorage, MAX_DOCK_ENTRIES } from './storage';

beforeEach(() => {
  fakeBrowser.reset();
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
