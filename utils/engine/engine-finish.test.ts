// The end of a refresh in the engine: the client's domain rows handed on for the export and folded
// into the snapshot, and the backoff after a failed attempt counted from its start.
import { describe, expect, it } from 'vitest';
import type { CreditTransaction } from '../meridinate/domain';
import type { RequestLog } from '../schedule/policy';
import { DEFAULT_SETTINGS } from '../settings';
import { createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { createEngine } from './engine';

const NOW = Date.UTC(2026, 11, 1, 12);
const rows = [
  {
    id: 2,
    operation: 'token_analysis',
    credits: 0,
    timestamp: '2026-12-01T11:59:00',
    context: { total_credits: 9 },
  },
  { id: 1, operation: '\u202Ewallet', credits: 4, timestamp: '2026-12-01T11:58:00', context: null },
];
const credits = {
  total_credits: 4,
  by_operation: { wallet: 4 },
  period_start: '2026-12-01T00:00:00',
  period_end: '2026-12-02T00:00:00',
};
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

/**
 * An engine on a back end that answers the day's credits and the transactions page (`rows`), every
 * other endpoint 404, or nothing at all (`offline`). Its first request takes `takesMs`: the
 * attempt starts that long before NOW and ends at NOW.
 */
function setup(answers: 'rows' | 'offline', takesMs = 0) {
  const clock = { now: NOW - takesMs };
  let delay = takesMs;
  let stored: Snapshot = createEmptySnapshot();
  let log: RequestLog = {};
  const requests: string[] = [];
  const exported: CreditTransaction[][] = [];
  const engine = createEngine({
    fetch: async (input) => {
      clock.now += delay;
      delay = 0;
      const path = new URL(String(input)).pathname;
      requests.push(path);
      if (answers === 'offline') throw new TypeError('Failed to fetch');
      if (path === '/api/stats/credits/transactions') return json({ transactions: rows });
      if (path === '/api/stats/credits/today') return json(credits);
      return new Response('{"detail":"Not Found"}', { status: 404 });
    },
    now: () => clock.now,
    random: () => 1,
    getSettings: async () => DEFAULT_SETTINGS,
    loadSnapshot: async () => stored,
    saveSnapshot: async (s) => {
      stored = s;
    },
    localOffsetMin: () => 0,
    loadRequestLog: async () => log,
    saveRequestLog: async (l) => {
      log = l;
    },
    onTransactions: (page) => exported.push(page),
  });
  return { engine, exported, clock, requests };
}

describe('the end of a refresh', () => {
  it('hands the page on as domain rows for the export, and folds the same rows', async () => {
    const { engine, exported } = setup('rows');
    const snapshot = await engine.refresh('startup');
    expect(exported.map((page) => page.map((r) => [r.id, r.label, r.at, r.analysis]))).toEqual([
      [
        [2, 'token_analysis', Date.UTC(2026, 11, 1, 11, 59), true],
        [1, 'wallet', Date.UTC(2026, 11, 1, 11, 58), false],
      ],
    ]);
    expect(snapshot.events.map((e) => [e.operation, e.credits, e.analysis])).toEqual([
      ['token_analysis', 9, true],
      ['wallet', 4, false],
    ]);
    expect([snapshot.lastTransactionId, snapshot.lastAnalysisTxId]).toEqual([2, 2]);
  });

  it('hands on no page when the page failed, nor when none was asked', async () => {
    const { engine, exported, clock, requests } = setup('offline');
    const failed = await engine.refresh('startup');
    expect(exported).toEqual([]);
    // The retry after a failure asks the day's credits alone: no page to hand on.
    clock.now = failed.nextAttemptAt ?? clock.now;
    requests.length = 0;
    await engine.refresh('retry');
    expect(requests).toEqual(['/api/stats/credits/today']);
    expect(exported).toEqual([]);
  });

  it('schedules a retry with the backoff, counted from the attempt’s start', async () => {
    // The attempt hangs 8 s on its first request: it started at NOW − 8 s and ends at NOW.
    const hung = await setup('offline', 8_000).engine.refresh('startup');
    // First failure, random 1: 10 s from the start, but at least 5 s after the end.
    expect(hung.nextAttemptAt).toBe(NOW + 5_000);
    expect(hung.attemptAt).toBe(NOW - 8_000);
    const refused = await setup('offline').engine.refresh('startup');
    expect(refused.nextAttemptAt).toBe(NOW + 10_000);
  });
});
