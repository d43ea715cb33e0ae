/**
 * Schemas for the Meridinate responses the extension reads (see the API contract). Every response
 * is validated before use; rows that do not fit are dropped one by one, so one hostile row cannot
 * blank a whole list, while a body of the wrong shape as a whole is rejected.
 */
import * as v from 'valibot';

const Count = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.maxValue(Number.MAX_SAFE_INTEGER),
  // JSON's -0 passes the checks above but would show as "-0": make it 0.
  v.transform((n) => n + 0),
);
const NullableCount = v.nullish(Count);
const NaiveTime = v.pipe(v.string(), v.maxLength(40));

/** Keeps the valid items of an array and drops the others. */
function validItems<T>(schema: v.GenericSchema<unknown, T>, items: unknown): T[] {
  if (!Array.isArray(items)) return [];
  const out: T[] = [];
  for (const item of items) {
    const result = v.safeParse(schema, item);
    if (result.success) out.push(result.output);
  }
  return out;
}

export const CreditsTodaySchema = v.object({
  total_credits: Count,
  // Rows today, 0-credit summary rows included (both versions); unknown when missing or odd.
  transaction_count: v.fallback(NullableCount, null),
  period_start: NaiveTime,
  period_end: NaiveTime,
  by_operation: v.pipe(
    v.record(v.string(), v.unknown()),
    v.transform((record) => {
      // No prototype: an operation named `valueOf` is a key like any other, not Object.prototype's
      // function (added to a number, it gave NaN). The record leaves out `__proto__`,
      // `constructor` and `prototype` (never object keys); the day's total still counts them.
      const clean: Record<string, number> = Object.create(null);
      for (const [key, value] of Object.entries(record).slice(0, 100)) {
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) continue;
        // Long names cut to the same 64 characters are summed, never overwritten: no credit is lost.
        const name = key.slice(0, 64);
        clean[name] = Math.min(Number.MAX_SAFE_INTEGER, (clean[name] ?? 0) + value) + 0; // -0 → 0
      }
      return clean;
    }),
  ),
});
export type CreditsToday = v.InferOutput<typeof CreditsTodaySchema>;

/** Operation names longer than this are cut (a hostile or broken back end). */
export const OPERATION_MAX = 200;

const TransactionSchema = v.object({
  id: Count,
  // A longer name is cut, not refused: dropping the row would lose its credits.
  operation: v.pipe(
    v.string(),
    v.transform((name) => name.slice(0, OPERATION_MAX)),
  ),
  credits: Count,
  timestamp: v.nullish(NaiveTime),
  token_id: v.fallback(NullableCount, null),
  context: v.fallback(
    v.nullish(
      v.pipe(
        v.record(v.string(), v.unknown()),
        v.transform((context): { total_credits: unknown; mint_address?: string } =>
          // The mint is for the CSV export only: attacker-chosen text, capped.
          typeof context.mint_address === 'string'
            ? { total_credits: context.total_credits, mint_address: context.mint_address.slice(0, 100) }
            : { total_credits: context.total_credits },
        ),
      ),
    ),
    null,
  ),
});
export type Transaction = v.InferOutput<typeof TransactionSchema>;

export const TransactionsSchema = v.pipe(
  v.object({ transactions: v.array(v.unknown()) }),
  v.transform((body) => validItems(TransactionSchema, body.transactions)),
);

const TokenSchema = v.object({
  id: Count,
  token_address: v.nullish(v.unknown()),
  token_name: v.nullish(v.unknown()),
  token_symbol: v.nullish(v.unknown()),
  analysis_timestamp: v.nullish(NaiveTime),
  wallets_found: v.fallback(NullableCount, null),
  credits_used: v.fallback(NullableCount, null),
  last_analysis_credits: v.fallback(NullableCount, null),
});
export type HistoryToken = v.InferOutput<typeof TokenSchema>;

export const TokensHistorySchema = v.pipe(
  v.object({ total: Count, tokens: v.array(v.unknown()) }),
  v.transform((body) => ({ total: body.total, tokens: validItems(TokenSchema, body.tokens) })),
);
export type TokensHistory = v.InferOutput<typeof TokensHistorySchema>;

// Every key is always present (null on an empty database): a body without them is not this
// endpoint's answer (e.g. `{"unexpected":true}`) and must not erase the latest analysis.
export const TokensLatestSchema = v.object({
  token_id: v.nullable(Count),
  token_name: v.nullish(v.unknown()),
  token_symbol: v.nullish(v.unknown()),
  analysis_timestamp: v.nullable(NaiveTime),
  wallets_found: v.fallback(NullableCount, null),
  credits_used: v.fallback(NullableCount, null),
});
export type TokensLatest = v.InferOutput<typeof TokensLatestSchema>;

const OptionalTime = v.fallback(v.nullish(NaiveTime), null);
export const IngestQueueStatsSchema = v.object({
  total: Count,
  last_tier0_run_at: OptionalTime,
  last_tier1_run_at: OptionalTime,
  last_tier1_credits_used: v.fallback(NullableCount, null),
  last_hot_refresh_at: OptionalTime,
  last_discovery_run_at: OptionalTime,
  last_refresh_run_at: OptionalTime,
});
export type IngestQueueStats = v.InferOutput<typeof IngestQueueStatsSchema>;

export const CreditsRangeSchema = v.object({ period_end: NaiveTime });
export type CreditsRange = v.InferOutput<typeof CreditsRangeSchema>;

const RangeCount = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** `credits/range?days=k` as the history reads it; `period_end` is the server's local "now" (naive, microseconds). */
export const RangeSumSchema = v.object({
  total_credits: RangeCount,
  transaction_count: v.fallback(v.nullish(RangeCount), null),
  period_end: v.pipe(v.string(), v.maxLength(40)),
});
export type RangeSum = v.InferOutput<typeof RangeSumSchema>;

/** Validates a parsed JSON body; returns the output or a short readable reason. */
export function validate<T>(
  schema: v.GenericSchema<unknown, T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; reason: string } {
  const result = v.safeParse(schema, body);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: `${path ? `${path}: ` : ''}${issue.message}`.slice(0, 200) };
}
