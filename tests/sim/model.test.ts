/**
 * The back-end model against the contract and the real responses in tests/fixtures/meridinate:
 * the simulation is only as good as the model's reading of the API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MeridinateModel, RATE_LIMIT, type Version } from './model';

const FIXTURES = join(import.meta.dirname, '../fixtures/meridinate');
const fixture = (version: 'old' | 'head', name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, version, name), 'utf8')) as Record<string, unknown>;

const NOW = Date.parse('2026-11-23T22:20:30Z');
const api = (path: string) => new URL(`http://localhost:5003${path}`);

function modelOf(version: Version, zone = 'UTC', rateLimit = false) {
  return new MeridinateModel({ version, zone, rateLimit });
}

/** The JSON type of each key, to compare shapes with the real answers. */
const shape = (value: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]),
  );

describe('the model answers in the shapes of the real back end', () => {
  it.each(['old', 'head'] as const)('credits/today at %s: same keys and types as the fixture', (v) => {
    const model = modelOf(v === 'old' ? 'OLD' : 'HEAD');
    model.charge(NOW - 60_000, 'wallet_balance', 1);
    const answer = model.handle(api('/api/stats/credits/today'), {}, NOW);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body);
    expect(shape(body)).toEqual(shape(fixture(v, 'credits-today.json')));
    expect(body).toMatchObject({ period_start: '2026-11-23T00:00:00', period_end: '2026-11-24T00:00:00' });
  });

  it('health is byte-for-byte the fixture at both versions', () => {
    for (const version of ['OLD', 'HEAD'] as const) {
      const answer = modelOf(version).handle(api('/health'), {}, NOW);
      expect(JSON.parse(answer.body)).toEqual(fixture('old', 'health.json'));
    }
  });

  it('tokens/latest at OLD is the 422 int_parsing error of the fixture', () => {
    const answer = modelOf('OLD').handle(api('/api/tokens/latest'), {}, NOW);
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body)).toEqual(fixture('old', 'tokens-latest.422.json'));
  });

  it('tokens/latest at HEAD has the fixture keys; an empty database gives every field null', () => {
    const model = modelOf('HEAD');
    expect(JSON.parse(model.handle(api('/api/tokens/latest'), {}, NOW).body)).toEqual({
      token_id: null,
      token_name: null,
      token_symbol: null,
      analysis_timestamp: null,
      wallets_found: null,
      credits_used: null,
    });
    model.analyse(NOW - 25_000, { token_name: 'Bonk Ultra' }, 205, 8);
    const body = JSON.parse(model.handle(api('/api/tokens/latest'), {}, NOW).body);
    expect(shape(body)).toEqual(shape(fixture('head', 'tokens-latest.json')));
    expect(body.analysis_timestamp).toBe('2026-11-23 22:20:05');
  });

  it('history tokens carry the fixture fields the bar reads, with the same types', () => {
    for (const v of ['old', 'head'] as const) {
      const model = modelOf(v === 'old' ? 'OLD' : 'HEAD');
      model.analyse(NOW - 25_000, {}, 205, 8);
      const body = JSON.parse(model.handle(api('/api/tokens/history'), {}, NOW).body);
      const real = (fixture(v, 'tokens-history.json').tokens as Record<string, unknown>[])[0] as Record<
        string,
        unknown
      >;
      const keys = [
        'id',
        'token_address',
        'token_name',
        'token_symbol',
        'acronym',
        'analysis_timestamp',
        'wallets_found',
        'credits_used',
        'last_analysis_credits',
      ];
      const pick = (o: Record<string, unknown>) => shape(Object.fromEntries(keys.map((k) => [k, o[k]])));
      expect(pick(body.tokens[0])).toEqual(pick(real));
      expect(Object.keys(body)).toEqual(Object.keys(fixture(v, 'tokens-history.json')));
    }
  });
});

describe('transactions come in the app order', () => {
  it('limit=5 gives the oldest five rows of the newest second, as in the fixture (ids 54–58)', () => {
    const model = modelOf('OLD');
    // 53 rows before, then ids 54–64 in one second: the fixture's situation (§2.2).
    for (let i = 1; i <= 53; i += 1) model.charge(NOW - 3_600_000 + i * 1000, 'wallet_balance', 1);
    for (let i = 54; i <= 64; i += 1) model.charge(Date.parse('2026-11-23T22:20:05Z'), 'wallet_balance', 1);
    const body = JSON.parse(model.handle(api('/api/stats/credits/transactions?limit=5'), {}, NOW).body);
    const real = fixture('old', 'credits-transactions-limit5.json');
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
    expect(ids(body.transactions)).toEqual(ids(real.transactions as { id: number }[]));
    expect(body.total).toBe(5);
    expect(Object.keys(body.transactions[0])).toEqual(
      Object.keys((real.transactions as Record<string, unknown>[])[0] as object),
    );
  });

  it.each([
    ['limit=0', 422],
    ['limit=501', 422],
    ['limit=abc', 422],
    ['limit=500', 200],
    ['', 200],
  ])('%s answers %i', (query, status) => {
    expect(modelOf('OLD').handle(api(`/api/stats/credits/transactions?${query}`), {}, NOW).status).toBe(
      status,
    );
  });
});

describe('history: whole table at OLD, paged at HEAD, ETag and 304', () => {
  const filled = (version: Version) => {
    const model = modelOf(version);
    for (let i = 0; i < 60; i += 1) model.analyse(NOW - (60 - i) * 3_600_000, {}, 100, 3);
    return model;
  };
  const count = (model: MeridinateModel, query: string) =>
    JSON.parse(model.handle(api(`/api/tokens/history${query}`), {}, NOW).body).tokens.length;

  it('OLD ignores every parameter', () => {
    const model = filled('OLD');
    expect(count(model, '')).toBe(60);
    expect(count(model, '?limit=1000&since_hours=48')).toBe(60);
  });

  it('HEAD pages with a default limit of 50 and filters by since_hours', () => {
    const model = filled('HEAD');
    expect(count(model, '')).toBe(50);
    expect(count(model, '?limit=1000&since_hours=48')).toBe(48);
    const body = JSON.parse(model.handle(api('/api/tokens/history?limit=10'), {}, NOW).body);
    expect(body.total).toBe(60);
  });

  it('If-None-Match with the ETag gives 304 with no body until an analysis changes the table', () => {
    const model = filled('OLD');
    const first = model.handle(api('/api/tokens/history'), {}, NOW);
    const etag = first.headers.etag as string;
    expect(etag).not.toMatch(/^"/);
    const again = model.handle(api('/api/tokens/history'), { 'if-none-match': etag }, NOW);
    expect(again).toMatchObject({ status: 304, body: '' });
    model.analyse(NOW, {}, 100, 3);
    expect(model.handle(api('/api/tokens/history'), { 'if-none-match': etag }, NOW).status).toBe(200);
  });
});

describe('rate limiter: fixed window, 300 per hour per endpoint (§6)', () => {
  it('the 301st request in the window gets the plain-text 429; the window ends an hour after its first hit', () => {
    const model = modelOf('OLD', 'UTC', true);
    const path = api('/api/stats/credits/today');
    for (let i = 0; i < RATE_LIMIT; i += 1) expect(model.handle(path, {}, NOW + i * 1000).status).toBe(200);
    const limited = model.handle(path, {}, NOW + 400_000);
    expect(limited).toEqual({
      status: 429,
      headers: { 'retry-after': '300 per 1 hour', 'x-ratelimit-limit': '300' },
      body: 'Rate limit exceeded: 300 per 1 hour',
    });
    // Another endpoint has its own window; ingest and health are never limited.
    expect(model.handle(api('/api/stats/credits/transactions'), {}, NOW + 400_000).status).toBe(200);
    expect(model.handle(api('/api/ingest/queue/stats'), {}, NOW + 400_000).status).toBe(200);
    expect(model.handle(path, {}, NOW + 3_599_000).status).toBe(429);
    expect(model.handle(path, {}, NOW + 3_600_000).status).toBe(200);
  });

  it('is off unless enabled, and a restart forgets the in-memory windows', () => {
    const off = modelOf('OLD', 'UTC', false);
    for (let i = 0; i < RATE_LIMIT + 5; i += 1) off.handle(api('/api/stats/credits/today'), {}, NOW);
    expect(off.handle(api('/api/stats/credits/today'), {}, NOW).status).toBe(200);
    const on = modelOf('OLD', 'UTC', true);
    on.exhaust('/api/stats/credits/today', NOW);
    expect(on.handle(api('/api/stats/credits/today'), {}, NOW).status).toBe(429);
    on.restart();
    expect(on.handle(api('/api/stats/credits/today'), {}, NOW).status).toBe(200);
  });
});

describe('the server-local day, with DST', () => {
  it.each([
    // zone, instant, period_start, day length in hours
    ['America/New_York', '2026-03-08T12:00:00Z', '2026-03-08T00:00:00', 23],
    ['America/New_York', '2026-11-01T12:00:00Z', '2026-11-01T00:00:00', 25],
    ['Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-29T00:00:00', 23],
    ['Europe/Berlin', '2026-10-25T12:00:00Z', '2026-10-25T00:00:00', 25],
    ['Pacific/Kiritimati', '2026-11-23T12:00:00Z', '2026-11-24T00:00:00', 24],
    ['UTC', '2026-11-23T23:59:59Z', '2026-11-23T00:00:00', 24],
  ])('%s at %s: day %s, %i h long', (zone, instant, periodStart, hours) => {
    const model = modelOf('OLD', zone);
    const now = Date.parse(instant);
    const body = JSON.parse(model.handle(api('/api/stats/credits/today'), {}, now).body);
    expect(body.period_start).toBe(periodStart);
    const { start, end } = model.dayBounds(periodStart.slice(0, 10));
    expect((end - start) / 3_600_000).toBe(hours);
    expect(start <= now && now < end).toBe(true);
  });

  it('credits count in the server day of their row; the truth resets at server midnight', () => {
    const model = modelOf('OLD', 'America/New_York');
    const midnight = Date.parse('2026-11-24T05:00:00Z'); // 00:00 EST
    model.charge(midnight - 1000, 'wallet_balance', 7);
    model.charge(midnight + 1000, 'wallet_balance', 3);
    expect(model.truth(midnight - 500)).toMatchObject({ day: '2026-11-23', credits: 7 });
    expect(model.truth(midnight + 2000)).toMatchObject({ day: '2026-11-24', credits: 3 });
    const today = JSON.parse(model.handle(api('/api/stats/credits/today'), {}, midnight + 2000).body);
    expect(today).toMatchObject({
      total_credits: 3,
      transaction_count: 1,
      by_operation: { wallet_balance: 3 },
    });
  });

  it('credits/range: period_end is the server-local now with microseconds, days sum whole dates', () => {
    const model = modelOf('OLD', 'Asia/Kolkata');
    const now = Date.parse('2026-11-23T10:00:00.250Z');
    model.charge(now - 86_400_000, 'wallet_balance', 5);
    model.charge(now, 'wallet_balance', 2);
    const body = JSON.parse(model.handle(api('/api/stats/credits/range?days=1'), {}, now).body);
    expect(body.period_end).toBe('2026-11-23T15:30:00.250000');
    expect(body.period_start).toBe('2026-11-22T15:30:00.250000');
    expect(body.total_credits).toBe(7);
    expect(model.handle(api('/api/stats/credits/range?days=91'), {}, now).status).toBe(422);
  });

  it('credits/range: period_start is naive wall time minus the days, blind to a DST change', () => {
    // Berlin fell back an hour at 01:00Z on 2026-10-25: 24 h of wall time are 25 h of real time.
    const model = modelOf('OLD', 'Europe/Berlin');
    const now = Date.parse('2026-10-25T09:00:00.500Z');
    const body = JSON.parse(model.handle(api('/api/stats/credits/range?days=1'), {}, now).body);
    expect(body.period_end).toBe('2026-10-25T10:00:00.500000');
    expect(body.period_start).toBe('2026-10-24T10:00:00.500000');
  });
});
