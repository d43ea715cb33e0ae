import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryCache } from '../history/days';
import { normaliseTransaction } from '../meridinate/reads';
import { HOURLY_BUDGET_PER_ENDPOINT, type RequestLog } from '../schedule/policy';
import { DEFAULT_SETTINGS } from '../settings';
import { createEmptySnapshot, type Snapshot } from '../snapshot/types';
import type { HistoryStatus, TodayRows } from './history-storage';
import { createHistorySync, RANGE_SPACING_MS } from './history-sync';

const START = Date.UTC(2026, 11, 20, 15, 0);
/** The server runs at UTC+09:00: its date is already the 21st. */
const OFFSET_MIN = 9 * 60;
const SERVER_TODAY = '2026-12-21';

/** Credits of day today − k on the fake back end; day 12 had no charges. */
const past = (k: number) => (k === 12 ? 0 : 100 + k);

function setup({ chargeEveryMs = 0 } = {}) {
  /** Today's credits on the server: 50, plus 3 per charge landing every `chargeEveryMs`. */
  const today = () => 50 + (chargeEveryMs ? Math.floor((Date.now() - START) / chargeEveryMs) * 3 : 0);
  const requests: { k: number; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const serverNow = () => {
    const local = new Date(Date.now() + OFFSET_MIN * 60_000).toISOString().replace('Z', '');
    return `${local}123`;
  };
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const k = Number(url.searchParams.get('days'));
    requests.push({ k, at: Date.now() });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await Promise.resolve();
    inFlight--;
    let sum = today();
    for (let j = 1; j <= k; j++) sum += past(j);
    return new Response(
      JSON.stringify({ total_credits: sum, transaction_count: sum, period_end: serverNow() }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  };
  let cache: HistoryCache = {};
  let status: HistoryStatus | null = null;
  let rows: TodayRows | null = null;
  let rowWrites = 0;
  const log: RequestLog = {};
  let snapshot: Snapshot = createEmptySnapshot();
  const poll = () => {
    snapshot = {
      ...snapshot,
      attemptAt: Date.now() - 10,
      capabilities: {
        tokensLatest: false,
        ingestStats: true,
        serverOffsetMin: OFFSET_MIN,
        apiBase: DEFAULT_SETTINGS.apiBase,
        probedAt: 0,
      },
      credits: {
        total: today(),
        byOperation: { market_cap_refresh: today() },
        periodStart: `${SERVER_TODAY}T00:00:00`,
        dayStartMs: Date.UTC(2026, 11, 21) - OFFSET_MIN * 60_000,
        dayEndMs: Date.UTC(2026, 11, 22) - OFFSET_MIN * 60_000,
        fetchedAt: Date.now(),
      },
    };
    return snapshot;
  };
  const sync = createHistorySync({
    fetch: fetch as typeof globalThis.fetch,
    now: () => Date.now(),
    getSettings: async () => DEFAULT_SETTINGS,
    getSnapshot: async () => snapshot,
    loadCache: async () => cache,
    saveCache: async (next) => {
      cache = next;
    },
    saveStatus: async (next) => {
      status = next;
    },
    loadRows: async () => rows,
    saveRows: async (next) => {
      rows = next;
      rowWrites += 1;
    },
    requestLog: async () => log,
    saveRequestLog: async () => {},
  });
  return {
    sync,
    requests,
    log,
    poll,
    cache: () => cache[DEFAULT_SETTINGS.apiBase],
    status: () => status,
    rows: () => rows,
    rowWrites: () => rowWrites,
    maxInFlight: () => maxInFlight,
  };
}

/** Runs the clock for `ms`, with the engine's poll (a new snapshot) every 30 s. */
async function run(env: ReturnType<typeof setup>, ms: number) {
  for (let elapsed = 0; elapsed < ms; elapsed += 1000) {
    await vi.advanceTimersByTimeAsync(1000);
    if ((elapsed + 1000) % 30_000 === 0) env.sync.onSnapshot(env.poll());
  }
  await env.sync.idle();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

describe('history sync', () => {
  it('makes no range request while no history view is open', async () => {
    const env = setup();
    env.sync.onSnapshot(env.poll());
    await run(env, 120_000);
    expect(env.requests).toEqual([]);
  });

  it('fills 30 past server days while open, one read per 10 s, one in flight, days of the server zone', async () => {
    const env = setup();
    env.poll();
    env.sync.setOpen('popup', true);
    await run(env, 15 * 60_000);
    const days = env.cache()?.days ?? {};
    // Server dates: yesterday for the server is the 20th even though it is the 20th in UTC too.
    expect(days['2026-12-20']).toBe(past(1));
    expect(days['2026-12-09']).toBe(0);
    expect(days['2026-11-21']).toBe(past(30));
    expect(Object.keys(days)).toHaveLength(30);
    const gaps = env.requests.slice(1).map((r, i) => r.at - (env.requests[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RANGE_SPACING_MS);
    expect(env.maxInFlight()).toBe(1);
    expect(env.status()).toMatchObject({ state: 'idle' });
    // Closed: nothing more, even across a long wait.
    env.sync.setOpen('popup', false);
    const count = env.requests.length;
    await run(env, 10 * 60_000);
    expect(env.requests).toHaveLength(count);
  });

  it.each([45_000, 70_000])('stays exact while a charge lands every %i ms', async (chargeEveryMs) => {
    const env = setup({ chargeEveryMs });
    env.poll();
    env.sync.setOpen('popup', true);
    await run(env, 50 * 60_000);
    const days = env.cache()?.days ?? {};
    expect(Object.keys(days)).toHaveLength(30);
    for (let k = 1; k <= 30; k++) {
      const date = new Date(Date.UTC(2026, 11, 21 - k)).toISOString().slice(0, 10);
      expect(days[date], date).toBe(past(k));
    }
    expect(env.log['/api/stats/credits/range']?.length ?? 0).toBeLessThanOrEqual(HOURLY_BUDGET_PER_ENDPOINT);
  });

  it('stops at the hourly budget and says until when', async () => {
    const env = setup();
    const now = Date.now();
    env.log['/api/stats/credits/range'] = Array.from(
      { length: HOURLY_BUDGET_PER_ENDPOINT },
      (_, i) => now - 60_000 + i,
    );
    env.poll();
    env.sync.setOpen('popup', true);
    await run(env, 20_000);
    expect(env.requests).toEqual([]);
    expect(env.status()).toMatchObject({ state: 'error', nextAt: now - 60_000 + 3_600_000 });
  });

  it("keeps today's raw rows for the export, deduplicated by id", async () => {
    const env = setup();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 20, 15, 0, s)).toISOString().slice(0, 19);
    const row = (id: number, timestamp: string) =>
      normaliseTransaction({
        id,
        operation: '=cmd',
        credits: 1,
        timestamp,
        token_id: null,
        context: null,
      });
    env.sync.onTransactions([row(1, at(1)), row(2, at(2))]);
    env.sync.onSnapshot(env.poll());
    env.sync.onTransactions([row(2, at(2)), row(3, at(3)), row(0, '2026-12-20T14:00:00')]);
    env.sync.onSnapshot(env.poll());
    await env.sync.idle();
    // Row 0 is of the server's previous day (before 15:00 UTC = midnight at UTC+9).
    expect(env.rows()?.rows.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('does not write the rows again when a page brings none new', async () => {
    const env = setup();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 20, 15, 0, s)).toISOString().slice(0, 19);
    const row = (id: number) =>
      normaliseTransaction({
        id,
        operation: 'x',
        credits: 1,
        timestamp: at(id),
        token_id: null,
        context: null,
      });
    env.sync.onTransactions([row(1), row(2)]);
    env.sync.onSnapshot(env.poll());
    await env.sync.idle();
    expect(env.rowWrites()).toBe(1);
    // The same page at the next polls: nothing to write.
    for (let i = 0; i < 3; i++) {
      env.sync.onTransactions([row(1), row(2)]);
      env.sync.onSnapshot(env.poll());
    }
    await env.sync.idle();
    expect(env.rowWrites()).toBe(1);
    env.sync.onTransactions([row(2), row(3)]);
    env.sync.onSnapshot(env.poll());
    await env.sync.idle();
    expect([env.rowWrites(), env.rows()?.rows.map((r) => r.id)]).toEqual([2, [1, 2, 3]]);
  });
});
