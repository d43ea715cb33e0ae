// The badge in the background, with nobody looking: the fake browser's storage, alarms and toolbar
// action under a virtual clock. It paints from the stored snapshot and fetches nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../settings';
import { createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { BADGE_COLORS } from '../view/badge';
import { BADGE_RECHECK_ALARM, registerBadge } from './badge';
import { snapshotStorage } from './storage';

const DAY_START = Date.UTC(2026, 11, 5, 5); // the server's midnight, 05:00 UTC (New York)
const DAY_END = DAY_START + 24 * 3_600_000;
const FETCHED = DAY_END - 3 * 3_600_000; // the last bar closed three hours before the day ended

const snapshot: Snapshot = {
  ...createEmptySnapshot(),
  updatedAt: FETCHED,
  attemptAt: FETCHED,
  credits: {
    total: 1234,
    byOperation: {},
    periodStart: '2026-12-05T00:00:00',
    dayStartMs: DAY_START,
    dayEndMs: DAY_END,
    fetchedAt: FETCHED,
  },
};

const badge = async () => ({
  text: await fakeBrowser.action.getBadgeText({}),
  color: await fakeBrowser.action.getBadgeBackgroundColor({}),
  title: await fakeBrowser.action.getTitle({}),
});
const rgba = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
};

describe('registerBadge with nobody looking', () => {
  let fetchSpy: ReturnType<typeof vi.fn>;
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    await fakeBrowser.storage.sync.set({ settings: DEFAULT_SETTINGS });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the last known figure in grey, turns it into ? when the credit day ends, and fetches nothing', async () => {
    vi.setSystemTime(FETCHED + 5_000);
    await snapshotStorage.set(snapshot);
    registerBadge();
    await vi.advanceTimersByTimeAsync(100);
    expect(await badge()).toMatchObject({ text: '1.2k', color: rgba(BADGE_COLORS.normal) });

    // An hour later nobody has looked: the figure is old, still today's.
    vi.setSystemTime(FETCHED + 3_600_000);
    await vi.advanceTimersByTimeAsync(0);
    await fakeBrowser.alarms.onAlarm.trigger({
      name: BADGE_RECHECK_ALARM,
      scheduledTime: Date.now(),
      persistAcrossSessions: false,
    });
    await vi.advanceTimersByTimeAsync(100);
    const old = await badge();
    expect(old).toMatchObject({ text: '1.2k', color: rgba(BADGE_COLORS.unknown) });
    expect(old.title).toMatch(/Last known, as of .+: 1,234 API credits used today/);

    // The alarm that wakes the worker is set for the day's end (or local midnight, if sooner).
    const alarm = await fakeBrowser.alarms.get(BADGE_RECHECK_ALARM);
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now());
    expect(alarm?.scheduledTime).toBeLessThanOrEqual(DAY_END);

    // The worker was stopped meanwhile; the alarm at the day's end wakes it and it only repaints.
    vi.setSystemTime(DAY_END);
    await fakeBrowser.alarms.onAlarm.trigger({
      name: BADGE_RECHECK_ALARM,
      scheduledTime: DAY_END,
      persistAcrossSessions: false,
    });
    await vi.advanceTimersByTimeAsync(100);
    const after = await badge();
    expect(after).toMatchObject({ text: '?', color: rgba(BADGE_COLORS.unknown) });
    expect(after.title).toMatch(/past credit day/);
    expect(await fakeBrowser.alarms.get(BADGE_RECHECK_ALARM)).toBeUndefined();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('while the worker lives, its own timer turns the figure into ? at the day’s end', async () => {
    vi.setSystemTime(FETCHED + 3_600_000);
    await snapshotStorage.set(snapshot);
    registerBadge();
    await vi.advanceTimersByTimeAsync(100);
    const midnight = new Date(Date.now());
    midnight.setHours(24, 0, 0, 0);
    const alarm = await fakeBrowser.alarms.get(BADGE_RECHECK_ALARM);
    expect(alarm?.scheduledTime).toBe(Math.min(DAY_END, midnight.getTime()));
    expect((await badge()).text).toBe('1.2k');
    // Up to a second before the day ends: still today's figure (repainted at local midnight if that came first).
    await vi.advanceTimersByTimeAsync(DAY_END - Date.now() - 1_000);
    expect((await badge()).text).toBe('1.2k');
    await vi.advanceTimersByTimeAsync(1_100);
    expect((await badge()).text).toBe('?');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
