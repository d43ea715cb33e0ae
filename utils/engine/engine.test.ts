import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestEngine, jsonResponse } from '../../tests/unit/test-engine';
import type { Settings } from '../settings';
import { countScannedToday } from '../snapshot/scanned';

const fixture = (version: 'old' | 'head', name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../tests/fixtures/meridinate/${version}/${name}`, import.meta.url), 'utf8'),
  );

const NOW = Date.UTC(2026, 10, 23, 22, 30);

/**
 * An engine on a fake Meridinate back end answering from the real fixtures; `addTransaction` adds
 * a row to the transactions, `changeHistory` a new version of the tokens history.
 */
function setup(version: 'old' | 'head', settings: Partial<Settings> = {}) {
  const transactions = fixture(version, 'credits-transactions-limit5.json');
  const today = fixture(version, 'credits-today.json');
  let etag = 'v1';
  const t = createTestEngine({
    now: NOW,
    settings,
    routes: {
      '/api/stats/credits/today': () => jsonResponse(today),
      '/api/stats/credits/transactions': () => jsonResponse(transactions),
      '/api/stats/credits/range': () => jsonResponse({ period_end: '2026-11-23T22:30:00.000000' }),
      '/api/tokens/history': ({ init }) => {
        const sent = new Headers(init?.headers).get('If-None-Match');
        if (sent === etag) return new Response(null, { status: 304 });
        return jsonResponse(fixture(version, 'tokens-history.json'), 200, { etag });
      },
      '/api/tokens/latest': () =>
        version === 'head'
          ? jsonResponse(fixture('head', 'tokens-latest.json'))
          : jsonResponse(fixture('old', 'tokens-latest.422.json'), 422),
      '/api/ingest/queue/stats': () =>
        jsonResponse({
          total: 0,
          by_tier: {},
          by_status: {},
          last_tier0_run_at: null,
          last_tier1_run_at: null,
          last_tier1_credits_used: 0,
          last_hot_refresh_at: null,
        }),
    },
  });
  return {
    ...t,
    /** Adds a row as the app does: today's row count grows with it (the contract). */
    addTransaction(row: object) {
      transactions.transactions.unshift(row);
      today.transaction_count += 1;
    },
    changeHistory() {
      etag = `${etag}x`;
    },
  };
}

/** A new transaction row for analysis 99, at 22:30:20. */
const ANALYSIS_99 = {
  id: 99,
  operation: 'token_analysis',
  credits: 0,
  timestamp: '2026-11-23T22:30:20',
  context: { total_credits: 300 },
};

describe('engine', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup('old');
  });

  it.each(['old', 'head'] as const)(
    '%s: the first refresh probes and fills every figure',
    async (version) => {
      t = setup(version);
      const s = await t.engine.refresh('startup');
      expect(s.credits?.total).toBe(1753);
      expect(countScannedToday(s)).toBe(8);
      expect(s.latest?.name).toBe('Bonk Ultra');
      expect(s.capabilities).toMatchObject({
        tokensLatest: version === 'head',
        ingestStats: true,
        serverOffsetMin: 0,
      });
      expect(s.errors).toEqual([]);
      expect(t.count('/api/stats/credits/range')).toBe(1);
    },
  );

  it('a poll soon after does not fetch the heavy history again', async () => {
    await t.engine.refresh('startup');
    t.clock.now += 30_000;
    await t.engine.refresh('poll');
    expect(t.count('/api/stats/credits/today')).toBe(2);
    expect(t.count('/api/tokens/history')).toBe(1);
    expect(t.count('/api/tokens/latest'), 'OLD has no latest: probed once').toBe(1);
    expect(t.count('/api/stats/credits/range')).toBe(1);
  });

  it('HEAD: the latest endpoint is asked only while the 48 h history is empty', async () => {
    t = setup('head');
    await t.engine.refresh('startup');
    t.clock.now += 130_000;
    const s = await t.engine.refresh('poll');
    expect(t.count('/api/tokens/history')).toBe(2);
    expect(t.count('/api/tokens/latest'), 'only the probe').toBe(1);
    expect(s.latest?.name).toBe('Bonk Ultra');
  });

  it('a new analysis row fetches the history in the same refresh', async () => {
    await t.engine.refresh('startup');
    t.addTransaction(ANALYSIS_99);
    t.changeHistory();
    t.clock.now += 30_000;
    const s = await t.engine.refresh('poll');
    expect(t.count('/api/tokens/history')).toBe(2);
    expect(s.events[0]).toMatchObject({ id: 99, analysis: true, credits: 300 });
  });

  it('a hint reads the transactions before the history, so the next poll need not ask it again', async () => {
    await t.engine.refresh('startup');
    t.addTransaction(ANALYSIS_99);
    t.changeHistory();
    t.clock.now += 35_000;
    await t.engine.refresh('hint');
    expect(t.count('/api/tokens/history')).toBe(2);
    t.clock.now += 30_000;
    const s = await t.engine.refresh('poll');
    expect(t.count('/api/tokens/history'), 'the hint covered analysis 99').toBe(2);
    expect(s.recentAnalyses?.coverTxId).toBe(99);
  });

  it('a view coming back reads the transactions before the history: no second history at the next poll', async () => {
    await t.engine.refresh('startup');
    t.addTransaction(ANALYSIS_99);
    t.changeHistory();
    t.clock.now += 10 * 60_000;
    await t.engine.refresh('focus');
    expect(t.count('/api/tokens/history')).toBe(2);
    t.clock.now += 30_000;
    await t.engine.refresh('poll');
    expect(t.count('/api/tokens/history'), 'the focus refresh covered analysis 99').toBe(2);
  });

  it('the history is asked with If-None-Match and a 304 keeps the data', async () => {
    await t.engine.refresh('startup');
    t.clock.now += 5_000;
    const s = await t.engine.refresh('manual');
    expect(t.count('/api/tokens/history')).toBe(2);
    expect(countScannedToday(s)).toBe(8);
    expect(s.recentAnalyses?.fetchedAt).toBe(t.clock.now);
  });

  it('concurrent refreshes share one run; a hint during a run runs once more after it', async () => {
    const [a, b, c] = await Promise.all([
      t.engine.refresh('startup'),
      t.engine.refresh('focus'),
      t.engine.refresh('hint'),
    ]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(t.count('/api/stats/credits/today')).toBe(2);
  });

  it('focus on fresh data makes no request', async () => {
    await t.engine.refresh('startup');
    t.clock.now += 5_000;
    await t.engine.refresh('focus');
    await t.engine.refresh('focus');
    expect(t.count('/api/stats/credits/today')).toBe(1);
  });

  it('one endpoint failing leaves the others updated (partial data)', async () => {
    await t.engine.refresh('startup');
    // A new row, so that the poll asks the transactions page again.
    t.addTransaction({
      id: 99,
      operation: 'wallet_balance',
      credits: 1,
      timestamp: '2026-11-23T22:30:20',
    });
    t.routes['/api/stats/credits/transactions'] = () =>
      new Response('Internal Server Error', { status: 500 });
    t.clock.now += 30_000;
    const s = await t.engine.refresh('poll');
    expect(s.credits?.fetchedAt).toBe(t.clock.now);
    expect(s.errors.map((e) => [e.endpoint, e.kind, e.status])).toEqual([
      ['/api/stats/credits/transactions', 'server', 500],
    ]);
    expect(s.events.length).toBeGreaterThan(0);
  });

  it.each([
    ['malformed JSON', () => new Response('{"total_credits": 12', { status: 200 }), 'bad-data'],
    ['the wrong shape', () => new Response('{"unexpected": true}', { status: 200 }), 'bad-data'],
    [
      'negative credits',
      () => new Response('{"total_credits": -5, "period_start": "", "period_end": "", "by_operation": {}}'),
      'bad-data',
    ],
    [
      'a 429 with the app’s text',
      () =>
        new Response('Rate limit exceeded: 300 per 1 hour', {
          status: 429,
          headers: { 'Retry-After': '300 per 1 hour' },
        }),
      'rate-limited',
    ],
    ['a refused connection', () => Promise.reject(new TypeError('Failed to fetch')), 'offline'],
  ])('%s on credits keeps the last good total', async (_name, respond, kind) => {
    await t.engine.refresh('startup');
    t.routes['/api/stats/credits/today'] = respond as () => Response;
    t.clock.now += 30_000;
    const s = await t.engine.refresh('poll');
    expect(s.credits?.total).toBe(1753);
    expect(s.errors[0]?.kind).toBe(kind);
  });

  it('a back end down backs off and polls do not hammer it', async () => {
    for (const path of [
      '/api/stats/credits/today',
      '/api/stats/credits/transactions',
      '/api/tokens/history',
      '/api/tokens/latest',
      '/api/ingest/queue/stats',
      '/api/stats/credits/range',
    ]) {
      t.routes[path] = () => Promise.reject(new TypeError('Failed to fetch'));
    }
    let s = await t.engine.refresh('startup');
    expect(s.failures).toBe(1);
    const before = t.requests.length;
    t.clock.now += 1_000;
    s = await t.engine.refresh('poll');
    s = await t.engine.refresh('focus');
    expect(t.requests.length, 'no request during the backoff').toBe(before);
    t.clock.now = (s.nextAttemptAt ?? 0) + 1;
    s = await t.engine.refresh('retry');
    expect(s.failures).toBe(2);
  });

  it('never exceeds the hourly budget per endpoint, whatever asks', async () => {
    for (let i = 0; i < 400; i += 1) {
      await t.engine.refresh('manual');
      t.clock.now += 3_000;
    }
    // 400 manual refreshes over 20 minutes: each endpoint capped at 125 in the hour.
    expect(t.count('/api/stats/credits/today')).toBe(125);
    expect(t.count('/api/tokens/history')).toBe(125);
  });

  it('a changed API URL probes the new back end', async () => {
    await t.engine.refresh('startup');
    const t2 = setup('old', { apiBase: 'http://127.0.0.1:5003' });
    await t2.engine.update(() => t.stored());
    t2.clock.now += 31_000;
    await t2.engine.refresh('poll');
    expect(t2.count('/api/stats/credits/range')).toBe(1);
  });
});

describe('hints', () => {
  it('a hint right after a fetch waits for the coalescing window instead of being dropped', async () => {
    const t = setup('old');
    await t.engine.refresh('startup');
    const waits: number[] = [];
    // An engine that records its waits, on the same back end, starting from what the first saved.
    const t2 = createTestEngine({
      now: t.clock.now + 100,
      routes: t.routes,
      snapshot: t.stored(),
      delay: async (ms, clock) => {
        waits.push(ms);
        await Promise.resolve();
        clock.now += ms;
      },
    });
    await Promise.all([t2.engine.refresh('hint'), t2.engine.refresh('hint')]);
    expect(waits).toEqual([400]);
    expect(t2.count('/api/stats/credits/today')).toBe(1);
  });
});

describe('requests kept light', () => {
  const TX = '/api/stats/credits/transactions';
  const CREDITS = '/api/stats/credits/today';
  const tooMany = () => new Response('Rate limit exceeded: 300 per 1 hour', { status: 429 });

  it('while credits/today shows no new row the transactions page is not asked; a new row asks it', async () => {
    const t = setup('old');
    await t.engine.refresh('startup');
    expect(t.count(TX)).toBe(1);
    const polls = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        t.clock.now += 30_000;
        await t.engine.refresh('poll');
      }
    };
    await polls(3);
    expect(t.count(TX), 'nothing new in 90 s').toBe(1);
    expect(t.stored().transactionsAt, 'Recent Credits is still current').toBe(t.clock.now);
    expect(t.stored().recentAnalyses?.checkedAt, 'and so are the analysis figures').toBe(t.clock.now);
    t.addTransaction({
      id: 99,
      operation: 'wallet_balance',
      credits: 1,
      timestamp: '2026-11-23T22:31:50',
    });
    await polls(1);
    expect(t.count(TX), 'a new row').toBe(2);
    expect(t.stored().events[0]?.id).toBe(99);
    await polls(3);
    expect(t.count(TX)).toBe(2);
    await polls(1);
    expect(t.count(TX), 'read again after two minutes, whatever the count says').toBe(3);
    t.clock.now += 1_000;
    await t.engine.refresh('manual');
    expect(t.count(TX), 'the user asked').toBe(4);
  });

  it('a back end without a row count gets the page at every poll', async () => {
    const t = setup('old');
    const { transaction_count: _, ...today } = fixture('old', 'credits-today.json');
    t.routes[CREDITS] = () => Response.json(today);
    await t.engine.refresh('startup');
    for (let i = 0; i < 3; i += 1) {
      t.clock.now += 30_000;
      await t.engine.refresh('poll');
    }
    expect(t.count(TX)).toBe(4);
  });

  it('a 429 holds back its endpoint only: the credits keep their pace, and it is asked again after the hold', async () => {
    const t = setup('old');
    await t.engine.refresh('startup');
    const answer = t.routes[TX];
    t.routes[TX] = tooMany;
    t.addTransaction({
      id: 99,
      operation: 'wallet_balance',
      credits: 1,
      timestamp: '2026-11-23T22:30:20',
    });
    t.clock.now += 30_000;
    let s = await t.engine.refresh('poll');
    expect(s.paused).toEqual([{ endpoint: TX, until: t.clock.now + 60_000, strikes: 1 }]);
    const asked = t.count(TX);
    const credits = t.count(CREDITS);
    t.clock.now += 30_000;
    s = await t.engine.refresh('poll');
    expect(t.count(CREDITS), 'credits polled as usual').toBe(credits + 1);
    expect(s.credits?.fetchedAt).toBe(t.clock.now);
    expect(t.count(TX), 'held: not asked').toBe(asked);
    t.clock.now += 1_000;
    await t.engine.refresh('manual');
    expect(t.count(TX), 'not even for the user: the app said to wait').toBe(asked);
    if (answer) t.routes[TX] = answer;
    t.clock.now += 30_000;
    s = await t.engine.refresh('poll');
    expect(t.count(TX), 'the hold is over').toBe(asked + 1);
    expect(s.paused).toEqual([]);
    expect(s.events[0]?.id).toBe(99);
  });

  describe('a slow credits/today', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('does not hold the page back past a second; the page then keeps no sign', async () => {
      const t = setup('old');
      await t.engine.refresh('startup');
      vi.useFakeTimers({ now: t.clock.now });
      const answer = t.routes[CREDITS];
      t.routes[CREDITS] = (request) =>
        new Promise((resolve) => setTimeout(() => resolve(answer?.(request) as Response), 5_000));
      t.clock.now += 30_000;
      const asked = t.count(TX);
      const done = t.engine.refresh('poll');
      await vi.advanceTimersByTimeAsync(999);
      expect(t.count(TX), 'waiting for credits/today').toBe(asked);
      await vi.advanceTimersByTimeAsync(1);
      expect(t.count(TX), 'asked without its answer').toBe(asked + 1);
      await vi.advanceTimersByTimeAsync(5_000);
      const s = await done;
      expect(s.transactionsSign, 'no sign: it was not read before the page').toBeNull();
      expect(s.errors).toEqual([]);
    });
  });
});
