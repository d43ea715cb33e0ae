/**
 * Credits over time, from the transactions the extension has seen: per hour (the day's chart) and
 * per minute over the last hour (the burn rate). Pure and small: a few dozen numbers kept in the
 * snapshot, added to on every fetch, never recounted.
 *
 * The app gives no per-hour figures, only rows (`credits/transactions`, newest 200 per fetch). So
 * the picture is exact only from the moment the extension saw every row: `since`. A fetch whose
 * full page does not reach back to the last row counted may have missed rows (a busy hour while
 * nobody looked); coverage then starts again at that page's oldest row.
 */
import type { CreditTransaction } from '../meridinate/domain';
import { TRANSACTIONS_PAGE } from '../meridinate/endpoints';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** Hour buckets kept: a whole credit day (25 h on a DST change) plus a little. */
const KEEP_HOURS_MS = 26 * HOUR_MS;
/** Less watched time than this gives no rate: one analysis would look like a flood. */
export const MIN_RATE_WINDOW_MS = 10 * MINUTE_MS;
/** No projection before this much of the credit day has passed: at 00:34 half an hour says little about a day. */
export const MIN_PROJECTION_DAY_MS = HOUR_MS;
/** No projection from fewer minutes with charges than this in the last hour: one burst is not a pace. */
export const MIN_PROJECTION_MINUTES = 3;

export interface Usage {
  /** `[bucket start (epoch ms), credits]`, one per hour with credits, oldest first. */
  hours: [number, number][];
  /** `[minute start (epoch ms), credits]`, one per minute with credits in the last hour, oldest first. */
  minutes: [number, number][];
  /** Every row from this time on has been counted (epoch ms); 0: every row the app ever wrote. */
  since: number;
  /** Highest transaction id counted (-1: none). */
  lastId: number;
}

function add(buckets: Map<number, number>, start: number, credits: number) {
  buckets.set(start, (buckets.get(start) ?? 0) + credits);
}

/**
 * Adds one page of transactions (any order, possibly repeating rows already counted) to the usage.
 * `anchor` aligns the hour buckets (the credit day's start: server midnight need not be a UTC hour).
 */
export function foldUsage(
  prev: Usage | null | undefined,
  rows: readonly CreditTransaction[],
  anchor: number,
  now: number,
  pageSize = TRANSACTIONS_PAGE,
): Usage {
  let ids = -1;
  let minId = Number.POSITIVE_INFINITY;
  let oldestAt = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    ids = Math.max(ids, row.id);
    minId = Math.min(minId, row.id);
    if (row.at !== null) oldestAt = Math.min(oldestAt, row.at);
  }
  // A back end restored from a backup (ids below what was counted) starts the count over.
  const base = prev && !(rows.length > 0 && ids < prev.lastId) ? prev : null;
  const full = rows.length >= pageSize;
  const pageReach = Number.isFinite(oldestAt) ? oldestAt : now;
  let since: number;
  if (!base) since = full ? pageReach : 0;
  else if (full && minId > base.lastId + 1) since = Math.max(base.since, pageReach);
  else since = base.since;

  const hours = new Map(base?.hours ?? []);
  const minutes = new Map(base?.minutes ?? []);
  const lastId = base?.lastId ?? -1;
  const seen = new Set<number>();
  for (const row of rows) {
    if (row.id <= lastId || seen.has(row.id) || row.credits <= 0) continue;
    seen.add(row.id);
    const at = row.at;
    if (at === null) continue;
    add(hours, anchor + Math.floor((at - anchor) / HOUR_MS) * HOUR_MS, row.credits);
    add(minutes, Math.floor(at / MINUTE_MS) * MINUTE_MS, row.credits);
  }
  const sorted = (buckets: Map<number, number>, from: number) =>
    [...buckets].filter(([start]) => start >= from).sort((a, b) => a[0] - b[0]);
  return {
    hours: sorted(hours, now - KEEP_HOURS_MS),
    minutes: sorted(minutes, now - HOUR_MS - MINUTE_MS),
    since,
    lastId: Math.max(lastId, ids),
  };
}

export interface BurnRate {
  /** Credits per hour at the pace of the watched part of the last hour; null: too little watched. */
  perHour: number | null;
  /** How much of the last hour the rate is based on (ms, at most an hour). */
  windowMs: number;
  /** Today's credits plus the rest of the credit day at that pace; null when it cannot be said. */
  projection: number | null;
  /**
   * The projection is held back because it is too early to say: less than an hour of the credit
   * day has passed, less than a whole hour was watched, or the hour holds too few charges.
   */
  tooEarly: boolean;
}

/**
 * The burn rate: credits counted in the last hour (or in the part of it watched, when that is at
 * least 10 minutes), per hour, and where the credit day ends at that pace. Just after midnight the
 * last hour reaches into yesterday: the pace is the pace, whatever the date.
 *
 * The projection multiplies that pace by the rest of the day, so it is only made from a whole hour
 * watched with charges in at least {@link MIN_PROJECTION_MINUTES} minutes of it, once the credit day
 * is an hour old: a shorter window (or a single burst) would be stretched over up to 23 hours.
 */
export function deriveBurnRate(
  usage: Usage | null | undefined,
  credits: { total: number; dayStartMs?: number | null; dayEndMs: number | null } | null,
  now: number,
): BurnRate {
  if (!usage) return { perHour: null, windowMs: 0, projection: null, tooEarly: false };
  const windowMs = Math.min(HOUR_MS, Math.max(0, now - usage.since));
  if (windowMs < MIN_RATE_WINDOW_MS) return { perHour: null, windowMs, projection: null, tooEarly: false };
  const from = Math.floor((now - windowMs) / MINUTE_MS) * MINUTE_MS;
  let counted = 0;
  let charged = 0;
  for (const [start, value] of usage.minutes) {
    if (start < from || start > now) continue;
    counted += value;
    if (value > 0) charged += 1;
  }
  const perHour = (counted * HOUR_MS) / windowMs;
  const dayStart = credits?.dayStartMs ?? null;
  const dayEnd = credits?.dayEndMs ?? null;
  if (!credits || dayStart === null || dayEnd === null || dayEnd <= now) {
    return { perHour, windowMs, projection: null, tooEarly: false };
  }
  // A quiet hour is a pace too (nothing more today): only a busy one needs enough charges to be one.
  const tooEarly =
    now - dayStart < MIN_PROJECTION_DAY_MS ||
    windowMs < HOUR_MS ||
    (counted > 0 && charged < MIN_PROJECTION_MINUTES);
  const projection = tooEarly ? null : credits.total + (perHour * (dayEnd - now)) / HOUR_MS;
  return { perHour, windowMs, projection, tooEarly };
}

export interface DayChart {
  /** Epoch ms of the credit day's start. */
  dayStartMs: number;
  /** Credits per hour of the day, from midnight to the current hour. */
  hours: number[];
  /** When the extension started seeing every row, if that was during this day; else null. */
  partialSince: number | null;
  /** Credits in the hours shown. */
  counted: number;
  /** Today's credits the hours cannot show (before `partialSince`, or rows never seen). */
  unattributed: number;
}

/** Today's credits per hour of the app's credit day, up to the current hour. */
export function deriveDayChart(
  usage: Usage | null | undefined,
  credits: { total: number; dayStartMs: number | null; dayEndMs: number | null } | null,
  now: number,
): DayChart | null {
  const dayStart = credits?.dayStartMs ?? null;
  if (!usage || !credits || dayStart === null) return null;
  const end = Math.min(now, credits.dayEndMs ?? dayStart + 24 * HOUR_MS);
  const count = Math.max(1, Math.ceil((end - dayStart + 1) / HOUR_MS));
  const hours = new Array<number>(count).fill(0);
  for (const [start, value] of usage.hours) {
    const index = Math.floor((start - dayStart) / HOUR_MS);
    if (index >= 0 && index < count) hours[index] = (hours[index] ?? 0) + value;
  }
  const counted = hours.reduce((sum, value) => sum + value, 0);
  return {
    dayStartMs: dayStart,
    hours,
    partialSince: usage.since > dayStart ? usage.since : null,
    counted,
    unattributed: Math.max(0, credits.total - counted),
  };
}
