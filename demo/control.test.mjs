// Control API: charge, restart, rollover/clock, time zones, mode, pace; plus the CLI parser and the
// app pages server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from './server.mjs';
import { openWs, request, sleep, startTestDemo } from './test-utils.mjs';
import {
  fmtLocalAware,
  fmtLocalMicroMinusDays,
  localDayStartPlus,
  localMidnight,
  localParts,
  zoneOffsetMin,
} from './time.mjs';

describe('control API', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old', seed: 7 });
  });
  afterAll(() => t?.close());

  it('reports state and counts every API request by path', async () => {
    await t.ctl('POST', '/reset-counts');
    await t.get('/api/stats/credits/today?x=1');
    await t.get('/api/stats/credits/today');
    await t.get('/nope');
    const s = await t.ctl('GET', '/state');
    expect(s.counts).toEqual({ '/api/stats/credits/today': 2, '/nope': 1 });
    expect(s.totalRequests).toBe(3);
    expect(s).toMatchObject({ mode: 'old', tz: 'UTC', serverOffsetMin: 0, apiUp: true, wsClients: 0 });
    expect(s.latest.token_id).toBe(8);
    expect(s.tokensScannedToday).toBeGreaterThanOrEqual(8);
    expect(typeof s.lastTransactionId).toBe('number');
  });

  it('charges rows in one second and reports creditsToday', async () => {
    const before = await t.ctl('GET', '/state');
    const r = await t.ctl('POST', '/charge', { operation: 'market_cap_refresh', credits: 12, count: 3 });
    expect(r.ids).toEqual([
      before.lastTransactionId + 1,
      before.lastTransactionId + 2,
      before.lastTransactionId + 3,
    ]);
    expect(r.creditsToday).toBe(before.creditsToday + 36);
    const today = (await t.get('/api/stats/credits/today')).json();
    expect(today.total_credits).toBe(r.creditsToday);
    const rows = (await t.get('/api/stats/credits/transactions?limit=3')).json().transactions;
    expect(new Set(rows.map((/** @type {any} */ x) => x.timestamp)).size).toBe(1);
  });

  it('runs an analysis: 0-credit token_analysis summary row, new token first, cache invalidated', async () => {
    const before = await t.ctl('GET', '/state');
    const r = await t.ctl('POST', '/analysis', { name: 'Control Coin', symbol: 'CTRL', broadcast: false });
    expect(r.token).toMatchObject({ token_name: 'Control Coin', token_symbol: 'CTRL' });
    expect(r.creditsToday).toBe(before.creditsToday + r.totalCredits);
    const rows = (await t.get('/api/stats/credits/transactions?limit=500')).json().transactions;
    const mine = rows.filter((/** @type {any} */ x) => x.id > before.lastTransactionId);
    expect(mine.length).toBeGreaterThan(10);
    const summary = mine.find((/** @type {any} */ x) => x.operation === 'token_analysis');
    expect(summary.credits).toBe(0);
    expect(summary.context).toMatchObject({
      total_credits: r.totalCredits,
      mint_address: r.token.token_address,
    });
    expect(Object.keys(summary.context.breakdown)).toEqual([
      'metadata',
      'market_cap',
      'creation_time',
      'transactions',
      'balances',
      'top_holders',
    ]);
    expect(mine.reduce((/** @type {number} */ a, /** @type {any} */ x) => a + x.credits, 0)).toBe(
      r.totalCredits,
    );
    const h = (await t.get('/api/tokens/history')).json();
    expect(h.tokens[0].id).toBe(r.token.id);
    const nul = await t.ctl('POST', '/analysis', { name: null, broadcast: false });
    expect(nul.token.token_name).toBeNull();
  });

  it('restart: drops WS clients, resets session_credits and the cache; ids continue', async () => {
    await t.ctl('POST', '/charge', { credits: 5 });
    const before = (await t.get('/api/stats/credits/today')).json();
    expect(before.session_credits).toBeGreaterThan(0);
    const h = await t.get('/api/tokens/history');
    const c = openWs(`ws://127.0.0.1:${t.demo.ports.api}/ws`);
    await c.opened;
    const last = (await t.ctl('GET', '/state')).lastTransactionId;
    await t.ctl('POST', '/restart');
    expect((await c.closed).code).toBe(1012);
    const after = (await t.get('/api/stats/credits/today')).json();
    expect(after.session_credits).toBe(0);
    expect(after.total_credits).toBe(before.total_credits);
    const h2 = await t.get('/api/tokens/history', { headers: { 'if-none-match': String(h.headers.etag) } });
    expect(h2.status).toBe(200);
    const { ids } = await t.ctl('POST', '/charge', { credits: 2 });
    expect(ids[0]).toBe(last + 1);
    expect((await t.get('/api/stats/credits/today')).json().session_credits).toBe(2);
  });

  it('rollover: 2 s before the next server-local midnight; credits today reset after it', async () => {
    const s0 = await t.ctl('GET', '/state');
    expect(s0.creditsToday).toBeGreaterThan(0);
    const r = await t.ctl('POST', '/rollover');
    const now = Date.parse(r.now);
    expect(Date.parse(r.midnight) - now).toBeGreaterThan(1000);
    expect(Date.parse(r.midnight) - now).toBeLessThanOrEqual(2000);
    const before = (await t.get('/api/stats/credits/today')).json();
    expect(before.total_credits).toBe(s0.creditsToday);
    await t.ctl('POST', '/clock', { offsetMs: r.offsetMs + 3000 });
    const after = (await t.get('/api/stats/credits/today')).json();
    expect(after.total_credits).toBe(0);
    expect(after.transaction_count).toBe(0);
    expect(after.by_operation).toEqual({});
    expect(after.period_start).toBe(`${r.midnight.slice(0, 10)}T00:00:00`);
    const s1 = await t.ctl('GET', '/state');
    expect(s1.tokensScannedToday).toBe(0);
    const { creditsToday } = await t.ctl('POST', '/charge', { credits: 12 });
    expect(creditsToday).toBe(12);
    await t.ctl('POST', '/clock', { offsetMs: 0 });
  });

  it('switches mode at run time and keeps the data', async () => {
    const old = (await t.get('/api/tokens/history')).json();
    await t.ctl('POST', '/mode', { mode: 'head' });
    try {
      expect((await t.get('/api/stats/status-bar')).status).toBe(200);
      const head = (await t.get('/api/tokens/history?limit=1000')).json();
      expect(head.total).toBe(old.total);
      expect(head.tokens[0]).toHaveProperty('verdict');
      expect(Object.keys((await t.get('/api/ingest/settings')).json())).toHaveLength(51);
    } finally {
      await t.ctl('POST', '/mode', { mode: 'old' });
    }
    expect(Object.keys((await t.get('/api/ingest/settings')).json())).toHaveLength(18);
  });

  it('paces the simulator: credit events and a full analysis with a WS broadcast', async () => {
    const c = openWs(`ws://127.0.0.1:${t.demo.ports.api}/ws`);
    await c.opened;
    const before = await t.ctl('GET', '/state');
    await t.ctl('POST', '/pace', { seconds: 0.02 });
    const frame = await c.next(3000);
    await t.ctl('POST', '/pace', { seconds: 'off' });
    expect(frame.event).toBe('analysis_complete');
    const after = await t.ctl('GET', '/state');
    expect(after.pace).toBe('off');
    expect(after.lastTransactionId).toBeGreaterThan(before.lastTransactionId + 12);
    expect(after.latest.token_id).toBe(frame.data.token_id);
    c.ws.close();
  });

  it('broadcasts raw events', async () => {
    const c = openWs(`ws://127.0.0.1:${t.demo.ports.api}/ws`);
    await c.opened;
    const r = await t.ctl('POST', '/broadcast', { event: 'credits_updated', data: { credits: 1 } });
    expect(r.sent).toBe(1);
    expect(await c.next()).toEqual({ event: 'credits_updated', data: { credits: 1 } });
    c.ws.close();
  });

  it('answers control errors with 400/404 JSON', async () => {
    expect((await request(`${t.control}/mode`, { method: 'POST', body: { mode: 'new' } })).status).toBe(400);
    expect((await request(`${t.control}/nope`)).status).toBe(404);
    const pre = await request(`${t.control}/state`, { method: 'OPTIONS' });
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('time zones', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  const tz = 'America/Chicago';
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old', tz });
  });
  afterAll(() => t?.close());

  it('uses server-local midnight for credits/today and local microseconds for credits/range', async () => {
    const now = Date.now();
    const p = localParts(tz, now);
    const date = `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
    const today = (await t.get('/api/stats/credits/today')).json();
    expect(today.period_start).toBe(`${date}T00:00:00`);
    const state = await t.ctl('GET', '/state');
    expect(state.serverOffsetMin).toBe(zoneOffsetMin(tz, now));
    expect([-360, -300]).toContain(state.serverOffsetMin);
    const range = (await t.get('/api/stats/credits/range?days=1')).json();
    const end = Date.parse(`${range.period_end.slice(0, 19)}Z`);
    const offsetMin = Math.round((end - Date.now()) / 900_000) * 15;
    expect(offsetMin).toBe(state.serverOffsetMin);
    // Rows counted today are exactly those at or after local midnight (UTC timestamps in the rows).
    const midnightUtc = Date.parse(`${date}T00:00:00Z`) - state.serverOffsetMin * 60_000;
    const rows = (await t.get('/api/stats/credits/transactions?limit=500')).json().transactions;
    const todays = rows.filter((/** @type {any} */ r) => Date.parse(`${r.timestamp}Z`) >= midnightUtc);
    expect(today.transaction_count).toBe(todays.length);
    expect(today.transaction_count).toBeGreaterThan(0);
  });

  it('computes local midnight with Intl, correct across DST changes', () => {
    const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();
    // Spring forward (2026-03-08) and fall back (2026-11-01) in Chicago.
    expect(iso(localMidnight(tz, Date.parse('2026-03-08T12:00:00Z')))).toBe('2026-03-08T06:00:00.000Z');
    expect(iso(localDayStartPlus(tz, Date.parse('2026-03-08T12:00:00Z'), 1))).toBe(
      '2026-03-09T05:00:00.000Z',
    );
    expect(iso(localMidnight(tz, Date.parse('2026-11-01T12:00:00Z')))).toBe('2026-11-01T05:00:00.000Z');
    expect(iso(localDayStartPlus(tz, Date.parse('2026-11-01T12:00:00Z'), 1))).toBe(
      '2026-11-02T06:00:00.000Z',
    );
    // Midnight inside a DST gap (Santiago 2022-09-11 00:00 → 01:00): the day starts at 01:00 local.
    expect(iso(localMidnight('America/Santiago', Date.parse('2022-09-11T12:00:00Z')))).toBe(
      '2022-09-11T04:00:00.000Z',
    );
    expect(iso(localMidnight('Asia/Kolkata', Date.parse('2026-11-25T18:00:00Z')))).toBe(
      '2026-11-24T18:30:00.000Z',
    );
    expect(fmtLocalAware(tz, Date.parse('2026-07-01T12:00:00Z'))).toMatch(
      /^2026-07-01T07:00:00\.\d{6}-05:00$/,
    );
    // Python-like naive arithmetic: now − 1 day of wall time.
    expect(fmtLocalMicroMinusDays(tz, Date.parse('2026-03-08T18:00:00Z'), 1)).toMatch(
      /^2026-03-07T13:00:00\./,
    );
  });

  it('honours a clock offset', async () => {
    await t.ctl('POST', '/clock', { offsetMs: -86_400_000 });
    const s = await t.ctl('GET', '/state');
    expect(Math.abs(Date.parse(s.now) - (Date.now() - 86_400_000))).toBeLessThan(2000);
    await t.ctl('POST', '/clock', { offsetMs: 0 });
  });
});

describe('app pages', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  beforeAll(async () => {
    t = await startTestDemo();
  });
  afterAll(() => t?.close());

  it('serves the shell, redirects and a 404 inside the shell', async () => {
    const root = await request(`${t.app}/`);
    expect(root.status).toBe(307);
    expect(root.headers.location).toBe('/dashboard/tokens');
    expect((await request(`${t.app}/dashboard`)).headers.location).toBe('/dashboard/tokens');
    for (const p of [
      '/dashboard/tokens',
      '/dashboard/ingestion',
      '/dashboard/trash',
      '/dashboard/tokens/8',
    ]) {
      const r = await request(t.app + p);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<main data-slot="sidebar-inset"');
      expect(r.text).toContain(`content="http://localhost:${t.demo.ports.api}"`);
    }
    const nf = await request(`${t.app}/dashboard/wallets`);
    expect(nf.status).toBe(404);
    expect(nf.text).toContain('data-slot="sidebar-inset"');
    expect((await request(`${t.app}/_demo/app.js`)).status).toBe(200);
    expect((await request(`${t.app}/_demo/app.css`)).text).toContain('--muted-foreground');
  });

  it('also listens on 127.0.0.2 (custom origin)', async () => {
    const r = await request(`http://127.0.0.2:${t.demo.ports.app}/dashboard/tokens`);
    expect(r.status).toBe(200);
  });
});

describe('CLI flags', () => {
  it('parses every flag', () => {
    const o = parseArgs([
      '--mode',
      'head',
      '--api-port=1',
      '--app-port',
      '2',
      '--control-port',
      '3',
      '--tz',
      'Asia/Tokyo',
      '--clock-offset',
      '-5000',
      '--seed',
      '9',
      '--pace',
      'off',
      '--rate-limit',
      '--fault',
      '/api/stats/credits/today=slow:2000',
      '--fault',
      'ws=flap',
      '--quiet',
    ]);
    expect(o).toEqual({
      mode: 'head',
      apiPort: 1,
      appPort: 2,
      controlPort: 3,
      tz: 'Asia/Tokyo',
      clockOffsetMs: -5000,
      seed: 9,
      pace: 'off',
      rateLimit: true,
      faults: [
        { target: '/api/stats/credits/today', kind: 'slow', ms: 2000 },
        { target: 'ws', kind: 'flap' },
      ],
      quiet: true,
    });
    expect(() => parseArgs(['--mode', 'new'])).toThrow();
    expect(() => parseArgs(['--bogus'])).toThrow();
  });

  it('is deterministic from the seed', async () => {
    const a = await startTestDemo({ seed: 3 });
    const b = await startTestDemo({ seed: 3 });
    try {
      const ha = (await a.get('/api/tokens/history')).json();
      const hb = (await b.get('/api/tokens/history')).json();
      expect(ha.tokens.map((/** @type {any} */ x) => x.token_address)).toEqual(
        hb.tokens.map((/** @type {any} */ x) => x.token_address),
      );
      await sleep(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
