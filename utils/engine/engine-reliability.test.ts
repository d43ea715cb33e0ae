import { describe, expect, it } from 'vitest';
import { createTestEngine, jsonResponse } from '../../tests/unit/test-engine';
import { HOURLY_BUDGET_PER_ENDPOINT, type RequestLog } from '../schedule/policy';
import { deriveStatus } from '../view/status';

const T0 = Date.UTC(2026, 10, 23, 12, 0);
const POLL = 30_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** A small Meridinate model: credits move with charges; every request is recorded with its time. */
function createWorld(requestLog: RequestLog = {}) {
  let total = 0;
  const rows: { id: number; operation: string; credits: number; timestamp: string }[] = [];
  const t = createTestEngine({
    now: T0,
    requestLog,
    delay: 'virtual',
    routes: {
      '/api/stats/credits/today': () =>
        jsonResponse({
          total_credits: total,
          period_start: '2026-11-23T00:00:00',
          period_end: '2026-11-24T00:00:00',
          by_operation: {},
        }),
      '/api/stats/credits/transactions': () => jsonResponse({ transactions: [...rows].reverse() }),
      '/api/stats/credits/range': ({ now }) => jsonResponse({ period_end: `${iso(now)}.000000` }),
      '/api/tokens/history': () => jsonResponse({ total: 0, tokens: [] }),
      '/api/ingest/queue/stats': () => jsonResponse({ total: 0 }),
    },
  });
  return {
    ...t,
    analyse() {
      rows.push({
        id: rows.length + 1,
        operation: 'token_analysis',
        credits: 0,
        timestamp: iso(t.clock.now),
      });
    },
    charge(credits: number) {
      total += credits;
      rows.push({ id: rows.length + 1, operation: 'wallet_balance', credits, timestamp: iso(t.clock.now) });
    },
  };
}

/**
 * Runs the background's schedule under the virtual clock: a poll tick every interval at a fixed
 * phase, and a retry when the snapshot asks for one. Calls `each` after every step.
 */
async function drive(world: ReturnType<typeof createWorld>, until: number, each?: (now: number) => void) {
  // The alarm's phase is fixed (it started with the first viewer at T0).
  let nextPoll = T0 + (Math.floor((world.clock.now - T0) / POLL) + 1) * POLL;
  while (world.clock.now < until) {
    const retryAt = world.stored().nextAttemptAt;
    const next = retryAt !== null && retryAt + 50 < nextPoll ? retryAt + 50 : nextPoll;
    if (next > until) break;
    world.clock.now = Math.max(world.clock.now, next);
    if (next === nextPoll) {
      nextPoll += POLL;
      await world.engine.refresh('poll');
    } else {
      await world.engine.refresh('retry');
    }
    each?.(world.clock.now);
  }
  world.clock.now = until;
}

describe('hint flood', () => {
  it('one hint-driven refresh per 5 s, the history at most once per 30 s, and no backoff bypass', async () => {
    const w = createWorld();
    await w.engine.refresh('startup');
    const start = w.clock.now;
    // 200 hints over 20 s (one every 100 ms), as a local process could send them.
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i += 1) {
      await w.advance(start + i * 100);
      runs.push(w.engine.refresh('hint'));
    }
    await w.advance(start + 30_000);
    await Promise.all(runs);
    const credits = w.count('/api/stats/credits/today', start + 1);
    expect(credits).toBeGreaterThanOrEqual(3);
    expect(credits).toBeLessThanOrEqual(5);
    expect(w.count('/api/tokens/history', start + 1)).toBeLessThanOrEqual(1);

    // During a backoff hints ask nothing.
    w.setDown('refused');
    w.clock.now += 60_000;
    await w.engine.refresh('poll');
    const retryAt = w.stored().nextAttemptAt ?? 0;
    const failedAt = w.clock.now;
    expect(retryAt).toBeGreaterThan(failedAt);
    const held: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      await w.advance(w.clock.now + 100);
      held.push(w.engine.refresh('hint'));
    }
    await w.advance(w.clock.now + 10_000);
    await Promise.all(held);
    expect(w.count(undefined, failedAt + 1, retryAt)).toBe(0);
  });
});

describe('spent budget', () => {
  it('a refused endpoint turns its figure stale and the status Paused, with the resume time', async () => {
    // Something (a flood earlier in the hour) left the history one request: the first load's.
    const w = createWorld({
      '/api/tokens/history': Array.from(
        { length: HOURLY_BUDGET_PER_ENDPOINT - 1 },
        (_, i) => T0 - 600_000 + i,
      ),
    });
    await w.engine.refresh('startup');
    w.clock.now += 10_000;
    w.analyse();
    await drive(w, w.clock.now + 5 * 60_000);
    const s = w.stored();
    expect(s.errors).toEqual([]);
    expect(s.updatedAt, 'the endpoints that answered advance updatedAt').toBeGreaterThan(w.clock.now - POLL);
    const status = deriveStatus({ ...s, socket: 'connected' }, w.clock.now, POLL);
    expect(status.kind).toBe('paused');
    expect(status.detail).toMatch(/Request limit reached, resumes .*tokens scanned and latest analysis/);
  });
});

describe('recovery after a long fault', () => {
  it.each(['refused', 'server'] as const)(
    '%s for 10 minutes: about two requests a minute, no re-probe per retry, live again within an interval + 5 s',
    async (mode) => {
      const w = createWorld();
      await w.engine.refresh('startup');
      await drive(w, w.clock.now + 60_000);
      const faultAt = w.clock.now;
      w.setDown(mode);
      await drive(w, faultAt + 10 * 60_000);
      const clearAt = w.clock.now;
      const during = w.count(undefined, faultAt, clearAt);
      // The first failing attempt is the full set (5), then one light request per attempt.
      expect(during, `${during} requests in 10 minutes`).toBeLessThanOrEqual(27);
      expect(w.count('/api/stats/credits/range', faultAt, clearAt)).toBe(0);
      w.setDown('no');
      let liveAt: number | null = null;
      await drive(w, clearAt + 60_000, (now) => {
        const s = w.stored();
        if (
          liveAt === null &&
          s.errors.length === 0 &&
          s.failures === 0 &&
          s.credits &&
          s.credits.fetchedAt >= clearAt
        )
          liveAt = now;
      });
      expect(liveAt).not.toBeNull();
      expect((liveAt ?? 0) - clearAt).toBeLessThanOrEqual(POLL + 5_000);
      expect(w.count('/api/stats/credits/range', clearAt), 'one probe once it answers').toBeLessThanOrEqual(
        1,
      );
    },
  );
});

describe('polling latency', () => {
  it('a charge shows within one interval + 1 s by polling alone, hints or Refresh in between', async () => {
    const w = createWorld();
    await w.engine.refresh('startup');
    const worst: number[] = [];
    // Charges at many phases, with a hint-driven refresh at many offsets before the next tick.
    for (let k = 0; k < 12; k += 1) {
      const chargeAt = w.clock.now + 1_000 + k * 2_300;
      w.clock.now = chargeAt - 500;
      await w.engine.refresh(k % 2 ? 'hint' : 'manual');
      w.clock.now = chargeAt;
      w.charge(5);
      const expected = w.stored().credits?.total;
      let shownAt: number | null = null;
      await drive(w, chargeAt + 40_000, (now) => {
        if (shownAt === null && w.stored().credits?.total !== expected) shownAt = now;
      });
      if (shownAt === null && w.stored().credits?.total !== expected) shownAt = w.clock.now;
      worst.push((shownAt ?? Number.POSITIVE_INFINITY) - chargeAt);
      w.clock.now += 7_000;
    }
    expect(Math.max(...worst)).toBeLessThanOrEqual(POLL + 1_000);
  });

  it('the poll tick right after a hint-driven refresh still runs', async () => {
    const w = createWorld();
    await w.engine.refresh('startup');
    w.clock.now += 25_000;
    await w.engine.refresh('hint');
    w.clock.now += 5_000;
    const before = w.count('/api/stats/credits/today');
    await w.engine.refresh('poll');
    expect(w.count('/api/stats/credits/today')).toBe(before + 1);
  });
});

describe('leftover retry', () => {
  it('a retry after a successful attempt asks nothing (no back-to-back refresh after a 429)', async () => {
    const w = createWorld();
    await w.engine.refresh('startup');
    w.setDown('refused');
    w.clock.now += 30_000;
    const failed = await w.engine.refresh('poll');
    expect(failed.nextAttemptAt).not.toBeNull();
    w.setDown('no');
    w.clock.now = (failed.nextAttemptAt ?? 0) + 50;
    await w.engine.refresh('retry');
    const after = w.requests.length;
    w.clock.now += 500;
    await w.engine.refresh('retry');
    expect(w.requests.length).toBe(after);
  });
});

describe('a real analysis row', () => {
  it('fetches the history in the same refresh, even moments after the last history fetch', async () => {
    const w = createWorld();
    await w.engine.refresh('startup');
    const fetchedAt = w.clock.now;
    w.clock.now += 10_000;
    w.analyse();
    w.clock.now += 10_000;
    await w.engine.refresh('poll');
    expect(w.count('/api/tokens/history', fetchedAt + 1)).toBe(1);
    expect(w.stored().recentAnalyses?.fetchedAt).toBe(w.clock.now);
  });
});

describe('the first load', () => {
  it('reads the transactions before the history, so the next poll can prove it current', async () => {
    const w = createWorld();
    w.charge(3);
    w.analyse();
    w.charge(4);
    await w.engine.refresh('startup');
    expect(w.stored().recentAnalyses?.coverTxId).toBe(3);
    w.clock.now += POLL;
    await w.engine.refresh('poll');
    expect(w.count('/api/tokens/history')).toBe(1);
    expect(w.stored().recentAnalyses?.checkedAt).toBe(w.clock.now);
  });
});
