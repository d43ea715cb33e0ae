import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDockHeights } from './dock-heights';
import { MAX_DOCK_ENTRIES } from './protocol';
import { dockHeightsStorage } from './storage';

beforeEach(() => {
  fakeBrowser.reset();
});

/** Lets every queued write finish. */
const settle = () => vi.waitFor(async () => expect(await dockHeightsStorage.get()).not.toEqual({}));

describe('createDockHeights', () => {
  it('keeps both of two reports made at once (one write at a time)', async () => {
    const remember = createDockHeights();
    remember('http://a tokens', 30);
    remember('http://a ingestion', 0);
    remember('http://b tokens', 48);
    await vi.waitFor(async () => expect(Object.keys(await dockHeightsStorage.get())).toHaveLength(3));
    expect(await dockHeightsStorage.get()).toEqual({
      'http://a tokens': 30,
      'http://a ingestion': 0,
      'http://b tokens': 48,
    });
  });

  it('replaces a page’s height and keeps the newest entries', async () => {
    await dockHeightsStorage.set(
      Object.fromEntries(Array.from({ length: MAX_DOCK_ENTRIES }, (_, i) => [`k${i}`, i])),
    );
    const remember = createDockHeights();
    remember('k0', 99);
    remember('new', 5);
    await vi.waitFor(async () => expect(await dockHeightsStorage.get()).toHaveProperty('new', 5));
    const stored = await dockHeightsStorage.get();
    expect(Object.keys(stored)).toHaveLength(MAX_DOCK_ENTRIES);
    expect(stored).not.toHaveProperty('k1');
    expect(Object.entries(stored).slice(-2)).toEqual([
      ['k0', 99],
      ['new', 5],
    ]);
  });

  it('goes on after a failed write, and logs it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('quota'));
    const remember = createDockHeights();
    remember('http://a tokens', 30);
    remember('http://a ingestion', 12);
    await settle();
    expect(await dockHeightsStorage.get()).toEqual({ 'http://a ingestion': 12 });
    expect(error).toHaveBeenCalledWith('[live-credits-bar]', 'dock height not saved', expect.any(Error));
  });
});
