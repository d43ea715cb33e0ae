/**
 * Per-day credits from `/api/stats/credits/range` readings. `range(k)` sums the server-local dates
 * from `today − k` to today, so `range(k) − range(k − 1)` is the day `today − k`: but only if today's
 * own credits did not change between the two reads. Today can only grow (charges are never taken
 * back), so two equal reads of the same `k` prove that today stood still between them; two reads
 * of `k − 1` and `k` taken inside such a stable stretch give the exact day. `range(0)` does not
 * exist (days ≥ 1): today's own sum comes from `credits/today` (Σ `by_operation`, the rows' sum,
 * which is also what the range sums at both app versions), read by the regular poll.
 *
 * Pure: the background feeds it what it read and when.
 */

/** One read of `range(k)` (k = 0: today's rows from `credits/today`). */
export interface RangeReading {
  k: number;
  credits: number;
  /** `transaction_count` (rows, 0-credit summary rows included); null when not known (k = 0). */
  rows: number | null;
  /** The server's date at the read (`YYYY-MM-DD`): reads of different server days never mix. */
  day: string;
  /** When the request was sent and when its answer arrived (epoch ms): the server read in between. */
  sent: number;
  at: number;
}

/** The oldest past day the history keeps (today − 30), enough for a 31-day plan cycle. */
export const MAX_DAYS_BACK = 30;
/** Compared with `range(30)` to tell whether the back end holds days older than the window. */
export const PROBE_DAYS = 90;
/** Most range reads of one chain before it is verified; halves after each failed verification. */
export const MAX_CHAIN = 8;

/** Pairs of equal reads of one `k`: between them today's credits did not change. */
function stableStretches(readings: readonly RangeReading[]): [RangeReading, RangeReading][] {
  const out: [RangeReading, RangeReading][] = [];
  for (const a of readings) {
    for (const b of readings) {
      if (a.k === b.k && a.at < b.sent && a.credits === b.credits && (a.rows ?? -1) === (b.rows ?? -1))
        out.push([a, b]);
    }
  }
  return out;
}

/** Whether `r` was read inside the stable stretch `[a, b]` (its read instant is between theirs). */
const inside = (r: RangeReading, [a, b]: [RangeReading, RangeReading]) =>
  r === a || r === b || (r.sent >= a.at && r.at <= b.sent);

/**
 * The past days (`k` days ago → credits) these reads prove, for one server day. A negative
 * difference is not a day's total but an inconsistent back end: null (unknown), never a guess.
 */
export function deriveDays(readings: readonly RangeReading[], day: string): Map<number, number | null> {
  const today = readings.filter((r) => r.day === day);
  const out = new Map<number, number | null>();
  for (const stretch of stableStretches(today)) {
    const within = today.filter((r) => inside(r, stretch));
    for (const upper of within) {
      if (upper.k < 1 || upper.k > MAX_DAYS_BACK || out.has(upper.k)) continue;
      const lower = within.find((r) => r.k === upper.k - 1);
      if (!lower) continue;
      const diff = upper.credits - lower.credits;
      out.set(upper.k, diff >= 0 ? diff : null);
    }
  }
  return out;
}

/**
 * Whether the back end holds rows older than `today − 30`: a `range(90)` read followed by a
 * `range(30)` read that is smaller (today only grows in between, so a smaller later sum can only
 * come from older days). Null when not yet measured today.
 */
export function deriveOlderData(readings: readonly RangeReading[], day: string): boolean | null {
  const today = readings.filter((r) => r.day === day);
  let measured = false;
  for (const probe of today.filter((r) => r.k === PROBE_DAYS)) {
    for (const window of today.filter((r) => r.k === MAX_DAYS_BACK && r.sent >= probe.at)) {
      measured = true;
      if (probe.credits > window.credits || (probe.rows ?? 0) > (window.rows ?? 0)) return true;
    }
  }
  return measured ? false : null;
}

/** What to do next: read `range(k)`, wait for the next poll of today's credits, or nothing. */
export type NextRead = { read: number } | { wait: true } | null;

/**
 * Plans the next read for the days still `missing` (k values), from the reads of this server day.
 * A chain reads `k0 − 1`, then each missing `k` of a run, then `k0 − 1` again: equal ends make
 * every day of the run exact. A failed verification is the start of the next chain (no read is
 * wasted) and halves the run, so a busy back end still gets there a day at a time. `k0 − 1 = 0` is
 * today's credits: the plan then waits for the next poll instead of reading; polls in the middle
 * of a chain that read the same figure do not restart it.
 */
export function planNextRead(
  readings: readonly RangeReading[],
  day: string,
  missing: readonly number[],
  probeOlder = false,
): NextRead {
  const today = readings.filter((r) => r.day === day);
  const sorted = [...missing].filter((k) => k >= 1 && k <= MAX_DAYS_BACK).sort((a, b) => a - b);
  const first = sorted[0];
  if (first === undefined) {
    if (!probeOlder) return null;
    const probe = latest(today, PROBE_DAYS);
    if (!probe) return { read: PROBE_DAYS };
    return today.some((r) => r.k === MAX_DAYS_BACK && r.sent >= probe.at) ? null : { read: MAX_DAYS_BACK };
  }
  const base = first - 1;
  // The chain starts at the first read of `base`, and again at each read that differs from the one
  // before (today changed: what was read since proves nothing). Equal reads in between (the poll's,
  // for `base = 0`) leave it be.
  let start: RangeReading | undefined;
  let failures = 0;
  for (const r of today.filter((x) => x.k === base).sort((a, b) => a.at - b.at)) {
    if (start && r.credits !== start.credits) failures++;
    if (!start || r.credits !== start.credits) start = r;
  }
  const chain = Math.max(1, MAX_CHAIN >> failures);
  const run: number[] = [];
  for (const k of sorted) {
    if (run.length >= chain || k !== first + run.length) break;
    run.push(k);
  }
  const again = base === 0 ? ({ wait: true } as const) : { read: base };
  if (!start) return again;
  const from = start;
  const todo = run.find((k) => !today.some((r) => r.k === k && r.sent >= from.at));
  return todo === undefined ? again : { read: todo };
}

function latest(readings: readonly RangeReading[], k: number): RangeReading | undefined {
  return readings.filter((r) => r.k === k).sort((a, b) => b.at - a.at)[0];
}
