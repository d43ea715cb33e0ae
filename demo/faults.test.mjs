// Every fault kind, over real sockets.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWs, request, startTestDemo } from './test-utils.mjs';

describe('faults', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  const P = '/api/stats/credits/today';
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old' });
  });
  afterAll(() => t?.close());
  afterEach(async () => {
    await t.ctl('DELETE', '/fault');
  });

  /** @param {Record<string, unknown>} spec */
  const fault = (spec) => t.ctl('POST', '/fault', spec);

  it('down: the API port refuses connections until cleared', async () => {
    const c = openWs(`ws://127.0.0.1:${t.demo.ports.api}/ws`);
    await c.opened;
    const res = await fault({ target: 'all', kind: 'down' });
    expect(res.apiUp).toBe(false);
    expect((await c.closed).code).toBe(1006);
    await expect(t.get(P)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await t.ctl('GET', '/state')).apiUp).toBe(false);
    await fault({ target: 'all', kind: 'none' });
    expect((await t.get(P)).status).toBe(200);
    await fault({ target: 'all', kind: 'down' });
    await t.ctl('DELETE', '/fault');
    expect((await t.get('/health')).status).toBe(200);
  });

  it('down on one path resets that connection only', async () => {
    await fault({ target: P, kind: 'down' });
    await expect(t.get(P)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await t.get('/health')).status).toBe(200);
  });

  it('hang: never answers', async () => {
    await fault({ target: P, kind: 'hang' });
    await expect(t.get(P, { timeout: 300 })).rejects.toThrow('timeout');
    const state = await t.ctl('GET', '/state');
    expect(state.faults[P]).toEqual({ kind: 'hang' });
  });

  it('slow: answers normally after ms', async () => {
    await fault({ target: P, kind: 'slow', ms: 250 });
    const t0 = Date.now();
    const r = await t.get(P);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    expect(r.json()).toHaveProperty('total_credits');
  });

  it('500: plain text Internal Server Error', async () => {
    await fault({ target: 'all', kind: '500' });
    const r = await t.get(P, { headers: { origin: 'http://localhost:3000' } });
    expect(r.status).toBe(500);
    expect(r.text).toBe('Internal Server Error');
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('422: FastAPI validation body', async () => {
    await fault({ target: P, kind: '422' });
    const r = await t.get(P);
    expect(r.status).toBe(422);
    expect(r.json().detail[0]).toHaveProperty('type', 'int_parsing');
  });

  it('429: the app’s body and headers', async () => {
    await fault({ target: P, kind: '429' });
    const r = await t.get(P);
    expect(r.status).toBe(429);
    expect(r.text).toBe('Rate limit exceeded: 300 per 1 hour');
    expect(r.headers['retry-after']).toBe('300 per 1 hour');
    expect(r.headers['x-ratelimit-limit']).toBe('300');
    expect(r.headers['content-type']).toBeUndefined();
  });

  it('malformed: invalid JSON with 200 and a JSON content type', async () => {
    await fault({ target: P, kind: 'malformed' });
    const r = await t.get(P);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(() => r.json()).toThrow();
  });

  it('wrong-shape: valid JSON of the wrong shape (object or array variant)', async () => {
    await fault({ target: P, kind: 'wrong-shape' });
    expect((await t.get(P)).json()).toEqual({ unexpected: true });
    await fault({ target: P, kind: 'wrong-shape', variant: 'array' });
    expect(Array.isArray((await t.get(P)).json())).toBe(true);
  });

  it('huge: several megabytes of valid JSON with the right fields', async () => {
    await fault({ target: P, kind: 'huge' });
    const r = await t.get(P, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.raw.length).toBeGreaterThan(2_000_000);
    const body = r.json();
    expect(typeof body.total_credits).toBe('number');
    expect(body.by_operation).toBeTypeOf('object');
    expect(r.text.length).toBeGreaterThan(4_000_000);
  });

  it('afterMs delays an HTTP fault', async () => {
    await fault({ target: P, kind: '500', afterMs: 150 });
    expect((await t.get(P)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 170));
    expect((await t.get(P)).status).toBe(500);
  });

  it('rejects unknown kinds and targets', async () => {
    const r = await request(`${t.control}/fault`, { method: 'POST', body: { target: P, kind: 'explode' } });
    expect(r.status).toBe(400);
    const w = await request(`${t.control}/fault`, { method: 'POST', body: { target: 'ws', kind: 'hang' } });
    expect(w.status).toBe(400);
  });

  const wsUrl = () => `ws://127.0.0.1:${t.demo.ports.api}/ws`;

  it('ws refuse: the upgrade is rejected', async () => {
    await fault({ target: 'ws', kind: 'refuse' });
    const c = openWs(wsUrl());
    await expect(c.opened).rejects.toThrow(/403/);
    expect((await t.ctl('GET', '/state')).counts['/ws']).toBeGreaterThanOrEqual(1);
  });

  it('ws drop: open sockets close now, new ones after afterMs', async () => {
    const before = openWs(wsUrl());
    await before.opened;
    await fault({ target: 'ws', kind: 'drop', afterMs: 100 });
    expect((await before.closed).code).toBe(1006);
    const c = openWs(wsUrl());
    await c.opened;
    const t0 = Date.now();
    expect((await c.closed).code).toBe(1006);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(80);
  });

  it('ws silent: accepts, never answers pings nor broadcasts', async () => {
    await fault({ target: 'ws', kind: 'silent' });
    const c = openWs(wsUrl());
    await c.opened;
    c.ws.send('ping');
    await t.ctl('POST', '/broadcast', { event: 'analysis_complete', data: {} });
    await expect(c.next(250)).rejects.toThrow('no frame');
    c.ws.close();
  });

  it('ws flap: accepts, then drops after ms, every time', async () => {
    await fault({ target: 'ws', kind: 'flap', ms: 120 });
    for (let i = 0; i < 2; i++) {
      const c = openWs(wsUrl());
      await c.opened;
      c.ws.send('ping');
      expect(await c.next()).toEqual({ type: 'pong', data: 'ping' });
      expect((await c.closed).code).toBe(1006);
    }
  });
});
