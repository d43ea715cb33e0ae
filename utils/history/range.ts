/**
 * The `/api/stats/credits/range?days=k` answer as a history reading. Pure.
 */
import * as v from 'valibot';
import { REQUEST_TIMEOUT_MS } from '../meridinate/endpoints';
import { serverDate } from './dates';
import type { RangeReading } from './readings';

const Count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/** The fields the history needs; `period_end` is the server's local "now" (naive, microseconds). */
export const RangeSumSchema = v.object({
  total_credits: Count,
  transaction_count: v.fallback(v.nullish(Count), null),
  period_end: v.pipe(v.string(), v.maxLength(40)),
});
export type RangeSum = v.InferOutput<typeof RangeSumSchema>;

/**
 * A reading of `range(k)`: its server day is the date of `period_end`, straight from the server's
 * clock, so a server in another zone than the browser is read right. Null when the date is no date.
 */
export function toReading(k: number, body: RangeSum, sent: number, at: number): RangeReading | null {
  const day = serverDate(body.period_end);
  if (!day) return null;
  return { k, credits: body.total_credits + 0, rows: body.transaction_count ?? null, day, sent, at };
}

/**
 * Today's rows' sum from `credits/today` (Σ `by_operation`: the rows, as the range sums them;
 * HEAD's `total_credits` may add operation-log credits the range does not have) as `range(0)`.
 * The snapshot keeps only when the answer was folded in, so the server read it at most one
 * request timeout earlier.
 */
export function todayReading(credits: {
  byOperation: Record<string, number>;
  periodStart: string;
  fetchedAt: number;
}): RangeReading | null {
  const day = serverDate(credits.periodStart);
  if (!day) return null;
  const sum = Object.values(credits.byOperation).reduce((s, n) => s + n, 0);
  const at = credits.fetchedAt;
  return { k: 0, credits: sum, rows: null, day, sent: at - REQUEST_TIMEOUT_MS, at };
}
