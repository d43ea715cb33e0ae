// Property tests: random JSON (and near-miss bodies) into every schema and the timestamp parser.
// Nothing throws, and whatever gets through satisfies the contract the rest of the code relies on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CreditsRangeSchema,
  CreditsTodaySchema,
  IngestQueueStatsSchema,
  TokensHistorySchema,
  TokensLatestSchema,
  TransactionsSchema,
  validate,
} from './schemas';
import { parseApiTimestamp } from './time';

const RUNS = { numRuns: 300 };

/** A count as the schemas want it, or something that only looks like one. */
const numberish = fc.oneof(
  fc.nat(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -0, 1e308, Number.NaN),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
);
const timestampish = fc.oneof(
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ unit: 'binary', maxLength: 45 }),
  fc.constant(null),
);
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('<img src=x onerror=alert(1)>', '\u202Egnp.exe', '\u200B', 'a'.repeat(5000)),
  numberish,
  fc.constant(null),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Bodies of each endpoint's shape with hostile or broken fields, plus plain random JSON. */
const bodies = {
  credits: fc.oneof(
    anyJson,
    fc.record(
      {
        total_credits: numberish,
        period_start: timestampish,
        period_end: timestampish,
        by_operation: fc.oneof(fc.dictionary(fc.string({ unit: 'binary' }), numberish), anyJson),
        transaction_count: numberish,
      },
      { requiredKeys: [] },
    ),
  ),
  transactions: fc.oneof(
    anyJson,
    fc.record({
      transactions: fc.array(
        fc.oneof(
          anyJson,
          fc.record(
            {
              id: numberish,
              operation: hostileText,
              credits: numberish,
              timestamp: timestampish,
              context: fc.oneof(anyJson, fc.record({ total_credits: numberish })),
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 30 },
      ),
      total: numberish,
    }),
  ),
  history: fc.oneof(
    anyJson,
    fc.record({
      total: numberish,
      tokens: fc.array(
        fc.oneof(
          anyJson,
          fc.record(
            {
              id: numberish,
              token_name: hostileText,
              token_symbol: hostileText,
              token_address: hostileText,
              analysis_timestamp: timestampish,
              wallets_found: numberish,
              credits_used: numberish,
              last_analysis_credits: numberish,
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 30 },
      ),
    }),
  ),
  latest: fc.oneof(
    anyJson,
    fc.record(
      {
        token_id: numberish,
        token_name: hostileText,
        token_symbol: hostileText,
        analysis_timestamp: timestampish,
        wallets_found: numberish,
        credits_used: numberish,
      },
      { requiredKeys: [] },
    ),
  ),
  ingest: fc.oneof(
    anyJson,
    fc.record(
      {
        total: numberish,
        last_tier0_run_at: timestampish,
        last_tier1_run_at: timestampish,
        last_tier1_credits_used: numberish,
        last_hot_refresh_at: timestampish,
        last_discovery_run_at: timestampish,
        last_refresh_run_at: timestampish,
      },
      { requiredKeys: [] },
    ),
  ),
};

const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isCountOrNull = (n: unknown) => n === null || n === undefined || isCount(n);
const isShortTextOrNull = (s: unknown) =>
  s === null || s === undefined || (typeof s === 'string' && s.length <= 40);

/** Runs `validate` and, when it accepts, the output's invariants; a refusal must be a short reason. */
function check<T>(schema: Parameters<typeof validate<T>>[0], body: unknown, invariants: (value: T) => void) {
  const result = validate(schema, body);
  if (result.ok) invariants(result.value);
  else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeLessThanOrEqual(200);
  }
}

describe('schemas on random bodies', () => {
  it('credits/today: counts are safe non-negative integers, at most 100 operations', () => {
    fc.assert(
      fc.property(bodies.credits, (body) =>
        check(CreditsTodaySchema, body, (v) => {
          expect(isCount(v.total_credits)).toBe(true);
          expect(v.period_start.length).toBeLessThanOrEqual(40);
          const entries = Object.entries(v.by_operation);
          expect(entries.length).toBeLessThanOrEqual(100);
          for (const [key, credits] of entries) {
            expect(key.length).toBeLessThanOrEqual(64);
            expect(isCount(credits)).toBe(true);
          }
        }),
      ),
      RUNS,
    );
  }, 30_000);

  it('transactions: every row kept has a count id and credits, a capped operation', () => {
    fc.assert(
      fc.property(bodies.transactions, (body) =>
        check(TransactionsSchema, body, (rows) => {
          for (const row of rows) {
            expect(isCount(row.id)).toBe(true);
            expect(isCount(row.credits)).toBe(true);
            expect(row.operation.length).toBeLessThanOrEqual(200);
            expect(isShortTextOrNull(row.timestamp)).toBe(true);
            expect(row.context === null || typeof row.context === 'object').toBe(true);
          }
        }),
      ),
      RUNS,
    );
  }, 30_000);

  it('history: a count total and valid tokens only', () => {
    fc.assert(
      fc.property(bodies.history, (body) =>
        check(TokensHistorySchema, body, (v) => {
          expect(isCount(v.total)).toBe(true);
          for (const token of v.tokens) {
            expect(isCount(token.id)).toBe(true);
            expect(isShortTextOrNull(token.analysis_timestamp)).toBe(true);
            expect(isCountOrNull(token.wallets_found)).toBe(true);
            expect(isCountOrNull(token.credits_used)).toBe(true);
            expect(isCountOrNull(token.last_analysis_credits)).toBe(true);
          }
        }),
      ),
      RUNS,
    );
  }, 30_000);

  it('latest: the keys are there (a body without them is not this endpoint), counts or null', () => {
    fc.assert(
      fc.property(bodies.latest, (body) =>
        check(TokensLatestSchema, body, (v) => {
          expect(body).toHaveProperty('token_id');
          expect(body).toHaveProperty('analysis_timestamp');
          expect(isCountOrNull(v.token_id)).toBe(true);
          expect(isShortTextOrNull(v.analysis_timestamp)).toBe(true);
          expect(isCountOrNull(v.wallets_found)).toBe(true);
          expect(isCountOrNull(v.credits_used)).toBe(true);
        }),
      ),
      RUNS,
    );
  }, 30_000);

  it('ingest stats: a count total, times short strings or null', () => {
    fc.assert(
      fc.property(bodies.ingest, (body) =>
        check(IngestQueueStatsSchema, body, (v) => {
          expect(isCount(v.total)).toBe(true);
          for (const t of [
            v.last_tier0_run_at,
            v.last_tier1_run_at,
            v.last_hot_refresh_at,
            v.last_discovery_run_at,
            v.last_refresh_run_at,
          ]) {
            expect(isShortTextOrNull(t)).toBe(true);
          }
          expect(isCountOrNull(v.last_tier1_credits_used)).toBe(true);
        }),
      ),
      RUNS,
    );
  }, 30_000);

  it('credits/range: a short period_end', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, fc.record({ period_end: timestampish })), (body) =>
        check(CreditsRangeSchema, body, (v) => expect(v.period_end.length).toBeLessThanOrEqual(40)),
      ),
      RUNS,
    );
  }, 30_000);
});

describe('parseApiTimestamp on anything', () => {
  it('gives a finite number or null, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(timestampish, anyJson),
        fc.constantFrom('utc' as const, 'server-local' as const),
        fc.oneof(fc.integer({ min: -900, max: 900 }), fc.double()),
        (value, basis, offset) => {
          const ms = parseApiTimestamp(value, basis, offset);
          expect(ms === null || Number.isFinite(ms)).toBe(true);
        },
      ),
      RUNS,
    );
  }, 30_000);

  it('reads a well-formed naive UTC time exactly', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.boolean(),
        (date, space) => {
          const whole = Math.floor(date.getTime() / 1000) * 1000;
          const iso = new Date(whole).toISOString().slice(0, 19);
          expect(parseApiTimestamp(space ? iso.replace('T', ' ') : iso, 'utc')).toBe(whole);
        },
      ),
      RUNS,
    );
  }, 30_000);
});
