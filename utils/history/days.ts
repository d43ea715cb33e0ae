/**
 * The history of one API origin: past server days' credits, cached for good (a past day never
 * changes), and the 30-day view built from it. Pure.
 *
 * Unknown, not zero: a back end that was upgraded or reinstalled has no rows before some date, and
 * its range sums then simply stop growing, exactly as for days without charges. The rule: the
 * zero days older than the oldest day with credits in the window are unknown, unless the back end
 * was seen to hold rows older than the window (`olderData`, from one `range(90)` read). A zero day
 * after the first day with credits is a real day without charges. A difference that comes out
 * negative (an inconsistent back end) is unknown too.
 */
import { addDays } from './dates';
import { MAX_DAYS_BACK } from './readings';

/** What is kept per API origin (storage.local). */
export interface OriginHistory {
  /** Server date → credits of that whole day; null: the back end gave an inconsistent answer. */
  days: Record<string, number | null>;
  /** Whether the back end holds rows older than the window (true is kept for good). */
  olderData?: boolean;
  /** The server day `olderData` was last measured false on (measured again at most daily). */
  olderCheckedOn?: string;
}

/** Every origin's history (storage.local `history`). */
export type HistoryCache = Record<string, OriginHistory>;

export type DayState = 'known' | 'unknown' | 'pending' | 'today';

export interface HistoryDay {
  /** Server date `YYYY-MM-DD`. */
  date: string;
  /** Credits of the day; null while unknown or not loaded yet. */
  credits: number | null;
  state: DayState;
}

/** Days kept in the cache: twice the window, so a month boundary never drops what is shown. */
const KEEP_DAYS = 2 * (MAX_DAYS_BACK + 1);
/** Days the chart shows, today included. */
export const CHART_DAYS = 30;

/** The `k` values (days back) the cache does not hold yet. */
export function missingDays(entry: OriginHistory | undefined, today: string): number[] {
  const out: number[] = [];
  for (let k = 1; k <= MAX_DAYS_BACK; k++) {
    if (entry?.days[addDays(today, -k)] === undefined) out.push(k);
  }
  return out;
}

/** `entry` with the derived days (k back from `today`) added, and days long gone dropped. */
export function withDays(
  entry: OriginHistory | undefined,
  today: string,
  derived: ReadonlyMap<number, number | null>,
): OriginHistory {
  const oldest = addDays(today, -KEEP_DAYS);
  const days: Record<string, number | null> = {};
  for (const [date, credits] of Object.entries(entry?.days ?? {})) {
    if (date >= oldest && date < today) days[date] = credits;
  }
  for (const [k, credits] of derived) days[addDays(today, -k)] = credits;
  return { ...entry, days };
}

/** The oldest day in the window (`today − 30` …) with credits, or null when none has any. */
function firstActiveDay(entry: OriginHistory | undefined, today: string): string | null {
  for (let k = MAX_DAYS_BACK; k >= 1; k--) {
    const date = addDays(today, -k);
    const credits = entry?.days[date];
    if (typeof credits === 'number' && credits > 0) return date;
  }
  return null;
}

/** Whether zero days at the old end of the window still wait for the `range(90)` check. */
export function needsOlderProbe(entry: OriginHistory | undefined, today: string): boolean {
  if (!entry || entry.olderData === true || entry.olderCheckedOn === today) return false;
  const oldest = entry.days[addDays(today, -MAX_DAYS_BACK)];
  return oldest === 0;
}

/**
 * Every day from `today − (count − 1)` to today, oldest first. Today's credits come from the live
 * snapshot (`todayCredits`, null when unknown or of another day).
 */
export function deriveHistoryDays(
  entry: OriginHistory | undefined,
  today: string,
  todayCredits: number | null,
  count = CHART_DAYS,
): HistoryDay[] {
  const first = entry?.olderData === true ? null : firstActiveDay(entry, today);
  const out: HistoryDay[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const date = addDays(today, -k);
    if (k === 0) {
      out.push({ date, credits: todayCredits, state: todayCredits === null ? 'pending' : 'today' });
      continue;
    }
    const credits = entry?.days[date];
    if (credits === undefined) out.push({ date, credits: null, state: 'pending' });
    else if (credits === null) out.push({ date, credits: null, state: 'unknown' });
    else if (credits === 0 && entry?.olderData !== true && (first === null || date < first))
      out.push({ date, credits: null, state: 'unknown' });
    else out.push({ date, credits, state: 'known' });
  }
  return out;
}
