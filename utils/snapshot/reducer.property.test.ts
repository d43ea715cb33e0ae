// Property test: any sequence of refreshes, each endpoint answering with random (often hostile)
// bodies that passed the schemas, or failing in any way, folds into a snapshot that keeps every
// invariant the views rely on; and the status and the scanned count of it never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiRefresh, foldRefresh } from '../../tests/unit/fold-answers';
import type { ApiResult } from '../meridinate/domain';
import { ENDPOINTS } from '../meridinate/endpoints';
import {
  CreditsTodaySchema,
  IngestQueueStatsSchema,
  TokensHistorySchema,
  TokensLatestSchema,
  TransactionsSchema,
  validate,
} from '../meridinate/schemas';
import { deriveStatus } from '../view/status';
import { isZeroEvent, MAX_ZERO_EVENTS } from './events';
import { countScannedToday } from './scanned';
import { createEmptySnapshot, MAX_EVENTS, type Snapshot } from './types';

/** Folds raw answers as the engine does: made domain rows by the normaliser, then reduced. */
const reduceSnapshot = (...args: Parameters<typeof foldRefresh>) => foldRefresh(...args).snapshot;

/** Characters that must never reach the screen: bidi controls, zero-width and invisible ones. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E\u00AD]/u;
const ERROR_KINDS = ['offline', 'timeout', 'rate-limited', 'server', 'bad-data', 'not-found'] as const;
const T0 = Date.UTC(2026, 10, 23, 12);

const count = fc.oneof(
  fc.nat({ max: 50 }),
  fc.nat(),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1),
);
const numberish = fc.oneof(count, fc.integer({ min: -5, max: -1 }), fc.double(), fc.constant(null));
/** Around T0, so that timestamps fall in "today", the recent window, the future and the past. */
const timestamp = fc.oneof(
  fc
    .tuple(fc.integer({ min: T0 - 3 * 86_400_000, max: T0 + 86_400_000 }), fc.constantFrom(' ', 'T'))
    .map(([ms, separator]) => new Date(ms).toISOString().slice(0, 19).replace('T', separator)),
  fc.constantFrom('', 'not a time', '2026-02-30 10:00:00', '2026-11-23T24:00:00', '9999-12-31 23:59:59'),
  fc.constant(null),
);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '<img src=x onerror=alert(1)>',
    '\u202Egnp.exe',
    '\u200B\u200D\uFEFF',
    `Z${'\u0336'.repeat(200)}`,
    'x'.repeat(2_000),
    'token_analysis',
    'market_cap_refresh',
  ),
  fc.integer(),
  fc.constant(null),
);
const operation = fc.oneof(
  fc.constantFrom('token_analysis', 'market_cap_refresh', 'wallet_balance'),
  hostile,
);

/** Validates a body with the real schema; the reducer only ever sees what got through. */
function answer<T>(schema: Parameters<typeof validate<T>>[0], body: unknown): ApiResult<T> {
  const checked = validate(schema, body);
  return checked.ok
    ? { ok: true, value: checked.value, etag: null }
    : { ok: false, kind: 'bad-data', status: 200, message: `Unexpected data (${checked.reason}).` };
}

const failure = fc.record({
  ok: fc.constant(false as const),
  kind: fc.constantFrom(...ERROR_KINDS),
  status: fc.option(fc.constantFrom(200, 404, 422, 429, 500, 503), { nil: undefined }),
  message: fc.string({ minLength: 1, maxLength: 80 }),
});

const scattered = fc.array(
  fc.record({
    id: fc.oneof(fc.nat({ max: 400 }), count, numberish),
    operation,
    credits: numberish,
    timestamp,
    context: fc.oneof(fc.constant(null), fc.record({ total_credits: numberish })),
  }),
  { maxLength: 40 },
);
/** A burst: one operation, consecutive ids, the same second (what the events merge). */
const burst = fc
  .record({
    first: fc.nat({ max: 400 }),
    operation,
    timestamp,
    credits: fc.array(count, { minLength: 2, maxLength: 30 }),
  })
  .map(({ first, operation, timestamp, credits }) =>
    credits.map((c, i) => ({ id: first + i, operation, credits: c, timestamp, context: null })),
  );
const rows = fc.oneof(
  scattered,
  burst,
  fc.tuple(scattered, burst).map(([a, b]) => [...a, ...b]),
);

const results: fc.Arbitrary<ApiRefresh> = fc.record(
  {
    credits: fc.oneof(
      failure,
      fc
        .record({
          total_credits: numberish,
          period_start: fc.oneof(
            fc.constantFrom('2026-11-23T00:00:00', '2026-11-24T00:00:00', '2026-11-23T10:30:00'),
            timestamp,
          ),
          period_end: fc.oneof(fc.constant('2026-11-24T00:00:00'), timestamp),
          by_operation: fc.dictionary(hostile.map(String), numberish, { maxKeys: 8 }),
        })
        .map((body) => answer(CreditsTodaySchema, body)),
    ),
    transactions: fc.oneof(
      failure,
      rows.map((transactions) => answer(TransactionsSchema, { transactions })),
    ),
    history: fc.oneof(
      failure,
      fc.constant({ ok: true as const, notModified: true as const, etag: 'x' }),
      fc
        .record({
          total: count,
          tokens: fc.array(
            fc.record({
              id: fc.oneof(fc.nat({ max: 100 }), numberish),
              token_name: hostile,
              token_symbol: hostile,
              token_address: hostile,
              analysis_timestamp: timestamp,
              wallets_found: numberish,
              credits_used: numberish,
              last_analysis_credits: numberish,
            }),
            { maxLength: 25 },
          ),
        })
        .map((body) => answer(TokensHistorySchema, body)),
    ),
    latest: fc.oneof(
      failure,
      fc
        .record({
          token_id: numberish,
          token_name: hostile,
          token_symbol: hostile,
          analysis_timestamp: timestamp,
          wallets_found: numberish,
          credits_used: numberish,
        })
        .map((body) => answer(TokensLatestSchema, body)),
    ),
    ingest: fc.oneof(
      failure,
      fc
        .record({
          total: count,
          last_tier0_run_at: timestamp,
          last_tier1_run_at: timestamp,
          last_tier1_credits_used: numberish,
          last_hot_refresh_at: timestamp,
          last_discovery_run_at: timestamp,
          last_refresh_run_at: timestamp,
        })
        .map((body) => answer(IngestQueueStatsSchema, body)),
    ),
    capabilities: fc.record({
      tokensLatest: fc.boolean(),
      ingestStats: fc.boolean(),
      serverOffsetMin: fc.option(fc.integer({ min: -720, max: 840 }), { nil: null }),
      apiBase: fc.constant('http://localhost:5003'),
      probedAt: fc.constant(T0),
    }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<ApiRefresh>;

const step = fc.record({
  results,
  /** Time since the previous refresh: none, moments, a poll interval, hours. */
  elapsed: fc.oneof(
    fc.constant(0),
    fc.nat({ max: 5_000 }),
    fc.nat({ max: 120_000 }),
    fc.nat({ max: 86_400_000 }),
  ),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  pollMs: fc.constantFrom(2_000, 30_000, 300_000),
  offset: fc.integer({ min: -720, max: 840 }),
});

const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isTime = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
const codePoints = (s: string) => [...s].length;

/** Every invariant of a snapshot the reducer just wrote at `now`. */
function expectInvariants(s: Snapshot, now: number, tried: boolean) {
  expect(s.attemptAt).toBe(now);
  expect(s.updating).toBeNull();
  if (s.credits) {
    expect(isCount(s.credits.total)).toBe(true);
    for (const credits of Object.values(s.credits.byOperation)) expect(isCount(credits)).toBe(true);
    expect(s.credits.dayStartMs === null || isTime(s.credits.dayStartMs)).toBe(true);
    expect(s.credits.dayEndMs === null || isTime(s.credits.dayEndMs)).toBe(true);
    expect(s.credits.fetchedAt).toBeLessThanOrEqual(now);
  }

  // 0-credit runs are kept besides the charges, never in their place.
  expect(s.events.filter((e) => !isZeroEvent(e)).length).toBeLessThanOrEqual(MAX_EVENTS);
  expect(s.events.filter(isZeroEvent).length).toBeLessThanOrEqual(MAX_ZERO_EVENTS);
  for (const [i, event] of s.events.entries()) {
    const newer = s.events[i - 1];
    if (newer) expect(event.id, 'sorted by id, newest first, no duplicates').toBeLessThan(newer.id);
    expect(isCount(event.id)).toBe(true);
    expect(isCount(event.firstId)).toBe(true);
    expect(event.firstId).toBeLessThanOrEqual(event.id);
    expect(isCount(event.credits), `credits ${event.credits}`).toBe(true);
    expect(Number.isInteger(event.count) && event.count >= 1).toBe(true);
    expect(event.at === null || isTime(event.at)).toBe(true);
    expect(event.operation.length).toBeGreaterThan(0);
    expect(codePoints(event.operation)).toBeLessThanOrEqual(49);
    expect(event.operation).not.toMatch(INVISIBLE);
  }

  if (s.latest) {
    expect(s.latest.name.length).toBeGreaterThan(0);
    expect(codePoints(s.latest.name)).toBeLessThanOrEqual(121);
    expect(s.latest.name).not.toMatch(INVISIBLE);
    expect(typeof s.latest.rawName).toBe('string');
    expect(s.latest.rawName.length).toBeLessThanOrEqual(300);
    expect(s.latest.tokenId === null || isCount(s.latest.tokenId)).toBe(true);
    expect(s.latest.walletsFound === null || isCount(s.latest.walletsFound)).toBe(true);
    expect(s.latest.credits === null || isCount(s.latest.credits)).toBe(true);
    expect(s.latest.at === null || isTime(s.latest.at)).toBe(true);
  }

  if (s.recentAnalyses) {
    expect(s.recentAnalyses.times.length).toBeLessThanOrEqual(2000);
    for (const [i, t] of s.recentAnalyses.times.entries()) {
      expect(isTime(t)).toBe(true);
      const later = s.recentAnalyses.times[i - 1];
      if (later !== undefined) expect(t).toBeLessThanOrEqual(later);
    }
  }

  if (s.ingest) {
    for (const t of [s.ingest.ingestAt, s.ingest.enrichAt, s.ingest.hotRefreshAt]) {
      expect(t === null || isTime(t)).toBe(true);
    }
    expect(s.ingest.enrichCredits === null || isCount(s.ingest.enrichCredits)).toBe(true);
  }

  const endpoints: string[] = Object.values(ENDPOINTS);
  for (const error of s.errors) {
    expect(ERROR_KINDS).toContain(error.kind);
    expect(endpoints).toContain(error.endpoint);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.at).toBe(now);
  }
  expect(new Set(s.errors.map((e) => e.endpoint)).size, 'one error per endpoint').toBe(s.errors.length);

  expect(Number.isInteger(s.failures) && s.failures >= 0).toBe(true);
  if (s.nextAttemptAt !== null) {
    expect(isTime(s.nextAttemptAt)).toBe(true);
    expect(s.nextAttemptAt).toBeGreaterThanOrEqual(now);
  }
  if (s.failures === 0) expect(s.nextAttemptAt).toBeNull();
  expect(s.updatedAt === null || s.updatedAt <= now).toBe(true);
  // Every figure asked answered: updated now, once the credits are known (a 429-held
  // credits/today is not asked, and nothing is "updated" without it).
  if (tried && s.errors.length === 0 && s.credits) expect(s.updatedAt).toBe(now);
  if (s.updatedAt !== null) expect(s.credits, 'updatedAt without credits').not.toBeNull();
  expect(s.lastTransactionId === null || isCount(s.lastTransactionId)).toBe(true);
  expect(s.lastAnalysisTxId === null || isCount(s.lastAnalysisTxId)).toBe(true);
}

describe('reduceSnapshot on random refreshes', () => {
  it('keeps every invariant, step after step, and its views never throw', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        let s = createEmptySnapshot();
        let now = T0;
        for (const { results, elapsed, random, pollMs, offset } of steps) {
          now += elapsed;
          const prev: Snapshot = s;
          s = reduceSnapshot(prev, results, now, { pollMs, random, fallbackOffsetMin: offset });
          // What the reducer counts as tried: an optional endpoint that does not exist is not.
          const tried = (['credits', 'transactions', 'history', 'latest', 'ingest'] as const).some((k) => {
            const result = results[k];
            if (result === undefined) return false;
            const optional = k === 'latest' || k === 'ingest';
            return !(optional && !result.ok && result.kind === 'not-found');
          });
          expectInvariants(s, now, tried);
          const status = deriveStatus(s, now, pollMs);
          expect(status.label.length).toBeGreaterThan(0);
          const scanned = countScannedToday(s);
          expect(scanned === null || isCount(scanned)).toBe(true);
          // The stored snapshot goes through JSON (extension storage): it must come back the same.
          expect(JSON.parse(JSON.stringify(s))).toEqual(s);
        }
      }),
      { numRuns: 250 },
    );
    // About a second alone; the time limit is for a loaded machine and for shrinking a failure.
  }, 30_000);
});

describe('cases the hardening work found', () => {
  const OPTIONS = { pollMs: 30_000, random: 0.5, fallbackOffsetMin: 0 };
  const notFound = { ok: false as const, kind: 'not-found' as const, status: 422, message: 'HTTP 422' };
  const credits = answer(CreditsTodaySchema, {
    total_credits: 5,
    period_start: '2026-11-23T00:00:00',
    period_end: '2026-11-24T00:00:00',
    by_operation: {},
  });

  it('a back end answering 422 everywhere is an error, not a capability', () => {
    const s = reduceSnapshot(
      createEmptySnapshot(),
      { credits: notFound, transactions: notFound, history: notFound, latest: notFound, ingest: notFound },
      T0,
      OPTIONS,
    );
    expect(s.errors.map((e) => e.endpoint).sort()).toEqual(
      [ENDPOINTS.credits, ENDPOINTS.history, ENDPOINTS.transactions].sort(),
    );
    expect(s.failures).toBe(1);
    expect(deriveStatus(s, T0, 30_000).label).toBe('Wrong API URL?');
  });

  it('capabilities probed while credits/today fails are not kept', () => {
    const capabilities = {
      tokensLatest: false,
      ingestStats: false,
      serverOffsetMin: 0,
      apiBase: 'http://localhost:5003',
      probedAt: T0,
    };
    expect(
      reduceSnapshot(createEmptySnapshot(), { credits: notFound, capabilities }, T0, OPTIONS).capabilities,
    ).toBeNull();
    expect(
      reduceSnapshot(createEmptySnapshot(), { credits, capabilities }, T0, OPTIONS).capabilities,
    ).toEqual(capabilities);
  });

  it('two analyses in the same second: the newer row is the latest', () => {
    const at = '2026-11-23 11:00:00';
    const history = answer(TokensHistorySchema, {
      total: 2,
      tokens: [
        { id: 7, token_name: 'Older', analysis_timestamp: at },
        { id: 8, token_name: 'Newer', analysis_timestamp: at },
      ],
    });
    expect(reduceSnapshot(createEmptySnapshot(), { history }, T0, OPTIONS).latest?.name).toBe('Newer');
  });

  it('a body without the latest-analysis keys does not erase the latest analysis', () => {
    expect(answer(TokensLatestSchema, { unexpected: true }).ok).toBe(false);
  });
});
