import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { CreditsTodaySchema, OPERATION_MAX, TransactionsSchema, validate } from './schemas';

const Anything = v.unknown();

/** A body streamed in `chunks` pieces of `size` bytes, counting how many were pulled. */
function streamed(chunks: number, piece: Uint8Array) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) {
        controller.close();
        return;
      }
      pulled += 1;
      controller.enqueue(piece);
    },
  });
  return { body, pulled: () => pulled };
}

describe('the body size limit counts bytes while streaming', () => {
  it('a body without Content-Length is cut off past the limit, not read whole', async () => {
    const source = streamed(1000, new Uint8Array(1024).fill(0x20));
    const client = createApiClient({
      baseUrl: 'http://x',
      fetch: async () => new Response(source.body, { status: 200 }),
      maxBodyBytes: 10 * 1024,
    });
    const result = await client.get('/a', Anything);
    expect(result).toMatchObject({ ok: false, kind: 'bad-data' });
    expect(source.pulled()).toBeLessThanOrEqual(12);
  });

  it('multi-byte characters count as bytes, not characters', async () => {
    // 3,000 characters of "é" are 6,000 bytes: over a 4,000-byte limit.
    const text = JSON.stringify('é'.repeat(3000));
    const client = createApiClient({
      baseUrl: 'http://x',
      fetch: async () => new Response(text, { status: 200 }),
      maxBodyBytes: 4000,
    });
    expect(await client.get('/a', Anything)).toMatchObject({ ok: false, kind: 'bad-data' });
    const roomy = createApiClient({
      baseUrl: 'http://x',
      fetch: async () => new Response(text, { status: 200 }),
      maxBodyBytes: 7000,
    });
    expect(await roomy.get('/a', Anything)).toMatchObject({ ok: true, value: 'é'.repeat(3000) });
  });

  it('a body split inside a multi-byte character decodes whole', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ name: '日本語' }));
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= bytes.length) controller.close();
        else controller.enqueue(bytes.slice(i, ++i));
      },
    });
    const client = createApiClient({ baseUrl: 'http://x', fetch: async () => new Response(body) });
    expect(await client.get('/a', Anything)).toMatchObject({ ok: true, value: { name: '日本語' } });
  });
});

describe('hostile inputs lose no credits', () => {
  it('by_operation keys cut to 64 characters that collide are summed', () => {
    const long = 'x'.repeat(64);
    const checked = validate(CreditsTodaySchema, {
      total_credits: 30,
      period_start: '2026-11-23T00:00:00',
      period_end: '2026-11-24T00:00:00',
      by_operation: { [`${long}a`]: 10, [`${long}b`]: 15, [long]: 5, short: 0 },
    });
    expect(checked.ok && checked.value.by_operation).toEqual({ [long]: 30, short: 0 });
  });

  /** A `credits/today` body whose by_operation names `name` (7 cr) beside wallet_balance (5 cr). */
  const withOperation = (name: string) =>
    // JSON.parse makes "__proto__" an own key, as the app's answer would.
    JSON.parse(
      `{"total_credits":12,"period_start":"2026-11-23T00:00:00","period_end":"2026-11-24T00:00:00","by_operation":{"${name}":7,"wallet_balance":5}}`,
    );

  it.each(['valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString'])(
    'an operation named %s keeps its credits in by_operation (a key like any other, not NaN)',
    (name) => {
      const checked = validate(CreditsTodaySchema, withOperation(name));
      expect(Object.entries(checked.ok ? checked.value.by_operation : {})).toEqual([
        [name, 7],
        ['wallet_balance', 5],
      ]);
    },
  );

  it.each(['__proto__', 'constructor', 'prototype'])(
    'an operation named %s is left out of by_operation (never an object key), the rest kept',
    (name) => {
      const checked = validate(CreditsTodaySchema, withOperation(name));
      const byOperation = checked.ok ? checked.value.by_operation : {};
      expect(Object.entries(byOperation)).toEqual([['wallet_balance', 5]]);
      expect(Object.getPrototypeOf(byOperation)).toBeNull();
      // The day's total still counts it.
      expect(checked.ok && checked.value.total_credits).toBe(12);
    },
  );

  it('an operation name over 200 characters is capped and its row (and credits) kept', () => {
    const checked = validate(TransactionsSchema, {
      transactions: [
        { id: 2, operation: 'y'.repeat(5000), credits: 42, timestamp: '2026-11-23T10:00:00', context: null },
        { id: 1, operation: 'wallet_balance', credits: 1, timestamp: '2026-11-23T10:00:00', context: null },
      ],
    });
    expect(checked.ok).toBe(true);
    const rows = checked.ok ? checked.value : [];
    expect(rows).toHaveLength(2);
    expect(rows[0]?.operation).toHaveLength(OPERATION_MAX);
    expect(rows[0]?.credits).toBe(42);
  });
});

describe('read: a refresh’s answers as domain rows', () => {
  const NOON = Date.UTC(2026, 10, 23, 12);
  /** A client on a back end answering `bodies` by path (404 elsewhere), recording what it was asked. */
  function backend(bodies: Record<string, () => Response>) {
    const asked: { url: string; etag: string | null }[] = [];
    const client = createApiClient({
      baseUrl: 'http://x',
      now: () => NOON,
      fetch: async (input, init) => {
        const url = new URL(String(input));
        asked.push({
          url: `${url.pathname}${url.search}`,
          etag: new Headers(init?.headers).get('If-None-Match'),
        });
        return bodies[url.pathname]?.() ?? new Response('{}', { status: 404 });
      },
    });
    return { client, asked };
  }
  const json = (body: unknown, headers: Record<string, string> = {}, status = 200) =>
    new Response(JSON.stringify(body), { status, headers });

  it('normalises each answer: analysis rows flagged, times as epoch ms, the range at the time received', async () => {
    const { client, asked } = backend({
      '/api/stats/credits/transactions': () =>
        json({
          transactions: [
            {
              id: 1,
              operation: 'token_analysis',
              credits: 0,
              timestamp: '2026-11-23T12:00:00',
              context: null,
            },
          ],
        }),
      '/api/stats/credits/range': () => json({ period_end: '2026-11-23T13:00:00' }),
      '/api/tokens/latest': () => json({ detail: 'Unprocessable' }, {}, 422),
    });
    expect(await client.read('transactions')).toMatchObject({
      ok: true,
      value: [{ analysis: true, at: NOON }],
    });
    expect(await client.read('range')).toEqual({ ok: true, value: { offsetMin: 60 }, etag: null });
    expect(await client.read('latest')).toMatchObject({ ok: false, kind: 'not-found', status: 422 });
    expect(asked.map((a) => a.url)).toEqual([
      '/api/stats/credits/transactions?limit=200',
      '/api/stats/credits/range?days=1',
      '/api/tokens/latest',
    ]);
  });

  it('reads the history with its query, its larger body limit and its ETag', async () => {
    // 5 MB of history: over the client's 4 MB, within the history's own limit.
    const tokens = Array.from({ length: 2500 }, (_, i) => ({
      id: i + 1,
      token_name: `t${i + 1} ${'x'.repeat(2000)}`,
      analysis_timestamp: '2026-11-23T12:00:00',
    }));
    const { client, asked } = backend({
      '/api/tokens/history': () => json({ total: tokens.length, tokens }, { etag: '"h1"' }),
    });
    const read = await client.read('history', { etag: '"h0"' });
    expect(read.ok && 'value' in read && read.value.length).toBe(2500);
    expect(read).toMatchObject({ ok: true, etag: '"h1"' });
    expect(asked).toEqual([{ url: '/api/tokens/history?limit=1000&since_hours=48', etag: '"h0"' }]);
  });

  it('passes "not modified" as it is', async () => {
    const { client } = backend({ '/api/tokens/history': () => new Response(null, { status: 304 }) });
    expect(await client.read('history', { etag: '"h1"' })).toEqual({
      ok: true,
      notModified: true,
      etag: '"h1"',
    });
  });
});
