// Behaviour of the API quirks: ordering, ETag/304, CORS, gzip, rate limiter, HEAD paging, WebSocket.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWs, request, startTestDemo } from './test-utils.mjs';

describe('API (OLD mode)', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old' });
  });
  afterAll(() => t?.close());

  it('orders transactions by timestamp DESC with no tie-break (oldest ids of the newest second first)', async () => {
    const { ids } = await t.ctl('POST', '/charge', { operation: 'wallet_balance', credits: 1, count: 8 });
    expect(ids).toHaveLength(8);
    const five = (await t.get('/api/stats/credits/transactions?limit=5')).json();
    expect(five.total).toBe(5);
    expect(five.transactions.map((/** @type {any} */ r) => r.id)).toEqual(ids.slice(0, 5));
    const all = (await t.get('/api/stats/credits/transactions?limit=500')).json().transactions;
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(a.timestamp >= b.timestamp).toBe(true);
      if (a.timestamp === b.timestamp) expect(a.id).toBeLessThan(b.id);
    }
  });

  it('validates limit 1..500 with FastAPI-shaped 422 bodies and ignores unknown operations', async () => {
    const over = await t.get('/api/stats/credits/transactions?limit=501');
    expect(over.status).toBe(422);
    expect(over.json().detail[0]).toMatchObject({
      type: 'less_than_equal',
      loc: ['query', 'limit'],
      input: '501',
    });
    const zero = await t.get('/api/stats/credits/transactions?limit=0');
    expect(zero.json().detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['query', 'limit'] });
    const text = await t.get('/api/stats/credits/transactions?limit=abc');
    expect(text.json().detail[0].type).toBe('int_parsing');
    const typo = (await t.get('/api/stats/credits/transactions?limit=20&operation=typo')).json();
    const plain = (await t.get('/api/stats/credits/transactions?limit=20')).json();
    expect(typo).toEqual(plain);
    const known = (await t.get('/api/stats/credits/transactions?limit=20&operation=token_analysis')).json();
    expect(known.transactions.every((/** @type {any} */ r) => r.operation === 'token_analysis')).toBe(true);
    expect(known.transactions[0].context).toHaveProperty('total_credits');
  });

  it('caches history with an unquoted ETag; If-None-Match gives an empty 304 until an analysis', async () => {
    const first = await t.get('/api/tokens/history');
    const etag = /** @type {string} */ (first.headers.etag);
    expect(etag).toMatch(/^[0-9a-f]{32}$/);
    const again = await t.get('/api/tokens/history', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    const other = await t.get('/api/tokens/history?limit=5', { headers: { 'if-none-match': etag } });
    expect(other.status).toBe(304); // OLD ignores parameters
    const { token } = await t.ctl('POST', '/analysis', { name: 'Fresh Token' });
    const after = await t.get('/api/tokens/history', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const body = after.json();
    expect(body.tokens[0].id).toBe(token.id);
    expect(body.total).toBe(body.tokens.length);
  });

  it('answers CORS like the app: only http://localhost:3000 gets ACAO; other preflights get 400', async () => {
    const ok = await t.get('/api/stats/credits/today', { headers: { origin: 'http://localhost:3000' } });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.get('/api/stats/credits/today', { headers: { origin: 'http://127.0.0.1:3000' } });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const ext = await t.get('/health', { headers: { origin: 'chrome-extension://abcdef' } });
    expect(ext.headers['access-control-allow-origin']).toBeUndefined();
    const badPre = await t.get('/api/stats/credits/today', {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'GET' },
    });
    expect(badPre.status).toBe(400);
    expect(badPre.text).toBe('Disallowed CORS origin');
    const goodPre = await t.get('/api/stats/credits/today', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' },
    });
    expect(goodPre.status).toBe(200);
    expect(goodPre.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });

  it('gzips bodies over 1000 bytes only when the client accepts gzip', async () => {
    const gz = await t.get('/api/tokens/history', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.raw.length).toBeLessThan(Buffer.byteLength(gz.text));
    const plain = await t.get('/api/tokens/history');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const small = await t.get('/health', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('rate-limits per endpoint and client key with the app’s 429', async () => {
    await t.ctl('POST', '/rate-limit', { enabled: true, limit: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await t.get('/api/stats/credits/today')).status).toBe(200);
      const r = await t.get('/api/stats/credits/today');
      expect(r.status).toBe(429);
      expect(r.text).toBe('Rate limit exceeded: 3 per 1 hour');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.headers['retry-after']).toBe('3 per 1 hour');
      expect(r.headers['x-ratelimit-limit']).toBe('3');
      // Another endpoint and another client key have their own windows; /health is never limited.
      expect((await t.get('/api/stats/credits/transactions?limit=1')).status).toBe(200);
      const keyed = await t.get('/api/stats/credits/today', { headers: { 'x-api-key': 'other' } });
      expect(keyed.status).toBe(200);
      const fwd = await t.get('/api/stats/credits/today', {
        headers: { 'x-forwarded-for': '10.0.0.9, 1.2.3.4' },
      });
      expect(fwd.status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await t.get('/health')).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await t.get('/api/ingest/queue/stats')).status).toBe(200);
      // OLD: /api/tokens/latest is /api/tokens/{token_id} (422), not limited.
      for (let i = 0; i < 5; i++) expect((await t.get('/api/tokens/latest')).status).toBe(422);
      const state = await t.ctl('GET', '/state');
      expect(state.rateLimit).toEqual({ enabled: true, limit: 3 });
      expect(state.counts['/api/stats/credits/today']).toBeGreaterThanOrEqual(6);
    } finally {
      await t.ctl('POST', '/rate-limit', { enabled: false });
    }
    expect((await t.get('/api/stats/credits/today')).status).toBe(200);
  });

  it('serves tokens by id, 404 for unknown ids and 404 {"detail":"Not Found"} for unknown routes', async () => {
    const r = await t.get('/api/tokens/8');
    expect(r.json()).toMatchObject({ id: 8, token_name: 'Bonk Ultra', gem_status: null });
    expect((await t.get('/api/tokens/99999')).status).toBe(404);
    const nf = await t.get('/api/nope');
    expect(nf.status).toBe(404);
    expect(nf.text).toBe('{"detail":"Not Found"}');
  });

  it('seeds hostile tokens and yesterday rows that do not count today', async () => {
    const h = (await t.get('/api/tokens/history')).json();
    const names = h.tokens.map((/** @type {any} */ x) => x.token_name);
    expect(names.some((/** @type {unknown} */ n) => typeof n === 'string' && n.length === 10_000)).toBe(true);
    expect(names).toContain(null);
    expect(names).toContain('</script><script>alert(1)</script>');
    expect(names).toContain('<img src=x onerror=alert(1)>');
    expect(h.total).toBeGreaterThan(45);
    const todayUtc = new Date().toISOString().slice(0, 10);
    expect(h.tokens.some((/** @type {any} */ x) => x.analysis_timestamp.startsWith(todayUtc))).toBe(true);
    expect(h.tokens.some((/** @type {any} */ x) => x.analysis_timestamp < todayUtc)).toBe(true);
    const today = (await t.get('/api/stats/credits/today')).json();
    const all = (await t.get('/api/stats/credits/transactions?limit=500')).json().transactions;
    const todays = all.filter((/** @type {any} */ r) => r.timestamp >= `${todayUtc}T00:00:00`);
    expect(all.length).toBeGreaterThan(todays.length);
    expect(today.transaction_count).toBe(todays.length);
    expect(today.total_credits).toBe(
      todays.reduce((/** @type {number} */ a, /** @type {any} */ r) => a + r.credits, 0),
    );
  });

  it('speaks the /ws protocol: pong echo, analysis_complete broadcast, binary frame closes', async () => {
    const c = openWs(`ws://127.0.0.1:${t.demo.ports.api}/ws`);
    await c.opened;
    c.ws.send('hello');
    expect(await c.next()).toEqual({ type: 'pong', data: 'hello' });
    const health = (await t.get('/health')).json();
    expect(health.websocket_connections).toBeGreaterThanOrEqual(1);
    const { token } = await t.ctl('POST', '/analysis', { name: '<b>bold</b>' });
    const frame = await c.next();
    expect(frame.event).toBe('analysis_complete');
    expect(Object.keys(frame.data)).toEqual([
      'job_id',
      'token_name',
      'token_symbol',
      'acronym',
      'wallets_found',
      'token_id',
    ]);
    expect(frame.data).toMatchObject({ token_name: '<b>bold</b>', token_id: token.id });
    const bad = await request(`${t.api}/notify/analysis_complete`, { method: 'POST', body: { job_id: 'x' } });
    expect(bad.status).toBe(422);
    c.ws.send(Buffer.from([1, 2, 3]));
    const { code } = await c.closed;
    expect(code).toBe(1011);
    const state = await t.ctl('GET', '/state');
    expect(state.counts['/ws']).toBeGreaterThanOrEqual(1);
  });
});

describe('API (HEAD mode)', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'head' });
  });
  afterAll(() => t?.close());

  it('pages history with limit/offset; total is the matching count, total_wallets the page only', async () => {
    const full = (await t.get('/api/tokens/history?limit=1000')).json();
    expect(full.tokens.length).toBe(full.total);
    const def = (await t.get('/api/tokens/history')).json();
    expect(def.tokens).toHaveLength(Math.min(50, full.total));
    const p1 = (await t.get('/api/tokens/history?limit=5')).json();
    const p2 = (await t.get('/api/tokens/history?limit=5&offset=5')).json();
    expect(p1.total).toBe(full.total);
    expect(p1.tokens.map((/** @type {any} */ x) => x.id)).toEqual(
      full.tokens.slice(0, 5).map((/** @type {any} */ x) => x.id),
    );
    expect(p2.tokens.map((/** @type {any} */ x) => x.id)).toEqual(
      full.tokens.slice(5, 10).map((/** @type {any} */ x) => x.id),
    );
    expect(p1.total_wallets).toBe(
      p1.tokens.reduce((/** @type {number} */ a, /** @type {any} */ x) => a + x.wallets_found, 0),
    );
    const bad = await t.get('/api/tokens/history?limit=ten');
    expect(bad.status).toBe(422);
  });

  it('filters history by since_hours (UTC-correct)', async () => {
    const since = (await t.get('/api/tokens/history?limit=1000&since_hours=24')).json();
    const cutoff = Date.now() - 24 * 3_600_000 - 1000;
    expect(since.total).toBe(since.tokens.length);
    expect(since.total).toBeGreaterThan(0);
    for (const x of since.tokens) {
      expect(Date.parse(`${x.analysis_timestamp.replace(' ', 'T')}Z`)).toBeGreaterThanOrEqual(cutoff);
    }
    const all = (await t.get('/api/tokens/history?limit=1000')).json();
    expect(since.total).toBeLessThan(all.total);
  });

  it('keeps a 30 s cache per parameter set', async () => {
    const a = await t.get('/api/tokens/history?limit=3');
    const b = await t.get('/api/tokens/history?limit=4', {
      headers: { 'if-none-match': String(a.headers.etag) },
    });
    expect(b.status).toBe(200);
    const c = await t.get('/api/tokens/history?limit=3', {
      headers: { 'if-none-match': String(a.headers.etag) },
    });
    expect(c.status).toBe(304);
  });

  it('has tokens/latest, operation-log and status-bar, and total_credits may exceed Σ by_operation', async () => {
    const latest = (await t.get('/api/tokens/latest')).json();
    const hist = (await t.get('/api/tokens/history?limit=1')).json();
    expect(latest.token_id).toBe(hist.tokens[0].id);
    const log = await t.get('/api/stats/credits/operation-log?limit=3');
    expect(log.json().operations).toHaveLength(3);
    expect((await t.get('/api/stats/credits/operation-log?limit=101')).status).toBe(422);
    const today = (await t.get('/api/stats/credits/today')).json();
    const sum = Object.values(today.by_operation).reduce(
      (/** @type {number} */ a, /** @type {any} */ b) => a + b,
      0,
    );
    expect(today.total_credits).toBeGreaterThan(sum);
    const sb = (await t.get('/api/stats/status-bar')).json();
    expect(sb.credits.used_today).toBe(today.total_credits);
    expect(sb.polling.total_tokens).toBe(hist.total);
  });

  it('charges HEAD costs (transactions_for_address 50, token_metadata 10)', async () => {
    await t.ctl('POST', '/analysis', { name: 'Head Costs' });
    const rows = (await t.get('/api/stats/credits/transactions?limit=500')).json().transactions;
    const tfa = rows.filter((/** @type {any} */ r) => r.operation === 'transactions_for_address');
    expect(tfa.length).toBeGreaterThan(0);
    expect(tfa.every((/** @type {any} */ r) => r.credits === 50)).toBe(true);
    const meta = rows.filter((/** @type {any} */ r) => r.operation === 'token_metadata');
    expect(meta.every((/** @type {any} */ r) => r.credits === 10)).toBe(true);
    expect(rows.some((/** @type {any} */ r) => r.operation === 'position_check' && r.credits === 0)).toBe(
      true,
    );
  });

  it('rate-limits the HEAD-only endpoints too', async () => {
    await t.ctl('POST', '/rate-limit', { enabled: true, limit: 1 });
    try {
      for (const path of [
        '/api/tokens/latest',
        '/api/stats/status-bar',
        '/api/stats/credits/operation-log',
      ]) {
        expect((await t.get(path)).status).toBe(200);
        expect((await t.get(path)).status).toBe(429);
      }
      expect((await t.get('/api/ingest/settings')).status).toBe(200);
      expect((await t.get('/api/ingest/settings')).status).toBe(200);
    } finally {
      await t.ctl('POST', '/rate-limit', { enabled: false });
    }
  });
});
