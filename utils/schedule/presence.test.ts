import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPresence, VIEWER_GRACE_MS } from './presence';

describe('viewers are kept for a grace period', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    let viewers = 1;
    const onLeave = vi.fn();
    const onReturn = vi.fn();
    const presence = createPresence({
      graceMs: VIEWER_GRACE_MS,
      someoneLooks: () => viewers > 0,
      onLeave,
      onReturn,
    });
    return {
      presence,
      onLeave,
      onReturn,
      set: (n: number) => {
        viewers = n;
        return presence.changed();
      },
    };
  }

  it('navigating Tokens → Ingestion (port closes, a new one opens 300 ms later) tears nothing down', () => {
    const t = setup();
    expect(t.set(0)).toBe(false);
    vi.advanceTimersByTime(300);
    expect(t.set(1)).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(t.onLeave).not.toHaveBeenCalled();
  });

  it.each([4_999, 1, 2_500])('a gap of %i ms is bridged', (gap) => {
    const t = setup();
    t.set(0);
    vi.advanceTimersByTime(gap);
    t.set(1);
    vi.advanceTimersByTime(VIEWER_GRACE_MS * 2);
    expect(t.onLeave).not.toHaveBeenCalled();
  });

  it('nobody for the whole grace period: torn down once, at its end', () => {
    const t = setup();
    t.set(0);
    vi.advanceTimersByTime(VIEWER_GRACE_MS - 1);
    expect(t.onLeave).not.toHaveBeenCalled();
    t.set(0);
    vi.advanceTimersByTime(1);
    expect(t.onLeave).toHaveBeenCalledTimes(1);
    expect(t.presence.leaving()).toBe(false);
    vi.advanceTimersByTime(VIEWER_GRACE_MS * 3);
    expect(t.onLeave).toHaveBeenCalledTimes(1);
  });

  it('a viewer that came and went again restarts nothing: the first leave still counts', () => {
    const t = setup();
    t.set(0);
    vi.advanceTimersByTime(1_000);
    t.set(1);
    t.set(0);
    vi.advanceTimersByTime(VIEWER_GRACE_MS);
    expect(t.onLeave).toHaveBeenCalledTimes(1);
  });

  it.each<[string, [number, number][], number]>([
    // [viewers, then ms elapsed] steps, and how often polling resumed after nobody looked.
    ['the first look since the worker started', [[1, 0]], 1],
    [
      'watched continuously, more views come and go',
      [
        [1, 60_000],
        [2, 1_000],
        [1, 60_000],
      ],
      1,
    ],
    [
      'a navigation gap inside the grace period',
      [
        [1, 1_000],
        [0, VIEWER_GRACE_MS - 1],
        [1, 0],
      ],
      1,
    ],
    [
      'back after the grace period ran out',
      [
        [1, 1_000],
        [0, VIEWER_GRACE_MS],
        [1, 0],
      ],
      2,
    ],
    [
      'back twice',
      [
        [1, 0],
        [0, VIEWER_GRACE_MS],
        [1, 0],
        [0, 60_000],
        [1, 0],
      ],
      3,
    ],
    ['nobody yet', [[0, 60_000]], 0],
  ])('resumes: %s', (_name, steps, resumed) => {
    const t = setup();
    for (const [viewers, elapsed] of steps) {
      t.set(viewers);
      vi.advanceTimersByTime(elapsed);
    }
    expect(t.onReturn).toHaveBeenCalledTimes(resumed);
  });
});
