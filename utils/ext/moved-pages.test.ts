// The background's check of the page routes, in the fake browser: once per HEAD probe, through the
// app origin, redirects not followed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../settings';
import { type Capabilities, createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { movedPagesStorage, registerMovedPages } from './moved-pages';
import { snapshotStorage } from './storage';

const probed = (tokensLatest: boolean, probedAt: number): Snapshot => {
  const capabilities: Capabilities = {
    tokensLatest,
    ingestStats: tokensLatest,
    serverOffsetMin: 0,
    apiBase: DEFAULT_SETTINGS.apiBase,
    probedAt,
  };
  return { ...createEmptySnapshot(), capabilities };
};

/** HEAD's pages as the demo's --head-pages serves them. */
const headPages = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
  const path = new URL(String(input)).pathname;
  if (path === '/dashboard/tokens') return { status: 0, type: 'opaqueredirect' } as Response;
  return { status: 404, type: 'basic' } as Response;
});

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('registerMovedPages', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    headPages.mockClear();
    await fakeBrowser.storage.sync.set({ settings: DEFAULT_SETTINGS });
  });
  afterEach(() => vi.useRealTimers());

  it('asks the app origin about both routes once per HEAD probe, without following redirects', async () => {
    registerMovedPages(headPages);
    await snapshotStorage.set(probed(true, 1000));
    await settle();
    expect(headPages.mock.calls.map(([url]) => String(url))).toEqual([
      'http://localhost:3000/dashboard/tokens',
      'http://localhost:3000/dashboard/ingestion',
    ]);
    expect(
      headPages.mock.calls.every(([, init]) => init?.redirect === 'manual' && init.credentials === 'omit'),
    ).toBe(true);
    expect(await movedPagesStorage.get()).toEqual({
      probedAt: 1000,
      origin: 'http://localhost:3000',
      routes: DEFAULT_SETTINGS.routes,
      tokens: 'moved',
      ingestion: 'gone',
    });

    // Many snapshot writes for the same probe: no new request.
    await snapshotStorage.set({ ...probed(true, 1000), updatedAt: 5 });
    await snapshotStorage.set({ ...probed(true, 1000), updatedAt: 6 });
    await settle();
    expect(headPages).toHaveBeenCalledTimes(2);

    // A new probe (a new session) within a day, same routes: the pages move only with an upgrade.
    await snapshotStorage.set(probed(true, 2000));
    await settle();
    expect(headPages).toHaveBeenCalledTimes(2);

    // A probe a day later: asked again.
    await snapshotStorage.set(probed(true, 1000 + 24 * 3_600_000));
    await settle();
    expect(headPages).toHaveBeenCalledTimes(4);
    expect((await movedPagesStorage.get())?.probedAt).toBe(1000 + 24 * 3_600_000);
  });

  it('asks nothing on OLD, or before the first probe', async () => {
    registerMovedPages(headPages);
    await snapshotStorage.set(createEmptySnapshot());
    await snapshotStorage.set(probed(false, 1000));
    await settle();
    expect(headPages).not.toHaveBeenCalled();
    expect(await movedPagesStorage.get()).toBeNull();
  });

  it('records no usable answer when the app does not answer', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    registerMovedPages(down);
    await snapshotStorage.set(probed(true, 1000));
    await settle();
    expect(await movedPagesStorage.get()).toMatchObject({ tokens: 'unknown', ingestion: 'unknown' });
  });
});
