/**
 * Today's credits as a history reading, from the snapshot. Pure. (Past days' readings come from
 * `credits/range` through the normaliser.)
 */
import { serverDate } from './dates';
import type { RangeReading } from './readings';

/**
 * Today's rows' sum from `credits/today` (Σ `by_operation`: the rows, as the range sums them;
 * HEAD's `total_credits` may add operation-log credits the range does not have) as `range(0)`.
 * The snapshot keeps only when the answer was folded in, so the server read it at most one
 * request timeout (`timeoutMs`) earlier.
 */
export function todayReading(
  credits: {
    byOperation: Record<string, number>;
    periodStart: string;
    fetchedAt: number;
  },
  timeoutMs: number,
): RangeReading | null {
  const day = serverDate(credits.periodStart);
  if (!day) return null;
  const sum = Object.values(credits.byOperation).reduce((s, n) => s + n, 0);
  const at = credits.fetchedAt;
  return { k: 0, credits: sum, rows: null, day, sent: at - timeoutMs, at };
}
