/**
 * The month and the monthly plan: which days count ("month to date" or the current plan cycle),
 * what they add up to, and where the cycle is heading. Pure, on server dates.
 */
import { addDays, daysBetween, shiftMonth, withDay } from './dates';
import { deriveHistoryDays, type HistoryDay, type OriginHistory } from './days';

/** The monthly plan (Settings `monthlyPlan`). */
export interface MonthlyPlan {
  credits: number;
  /** Day of the month it renews, 1–31; beyond the month's length it renews on the last day. */
  renewDay: number;
}

export interface Period {
  /** First server date of the period. */
  start: string;
  /** First server date after it. */
  end: string;
}

/** The calendar month of `today`, or the plan cycle that holds it. */
export function currentPeriod(today: string, plan: MonthlyPlan | null): Period {
  if (!plan) return { start: withDay(today, 1), end: shiftMonth(today, 1, 1) };
  const thisMonth = withDay(today, plan.renewDay);
  const start = thisMonth <= today ? thisMonth : shiftMonth(today, -1, plan.renewDay);
  return { start, end: shiftMonth(start, 1, plan.renewDay) };
}

/** Fewer whole days than this give no projection: one busy day is not a pace. */
export const MIN_PROJECTION_DAYS = 3;

export interface PeriodSummary {
  period: Period;
  /** Credits of the known days of the period so far, today included. */
  total: number;
  /** Days of the period so far whose credits are unknown or not loaded yet. */
  missing: number;
  /** Projected credits at the end of the period; null without enough whole days. */
  projected: number | null;
  /** The period's last day (for "by Dec 27"). */
  lastDay: string;
}

/**
 * Sums the period's days so far and projects the end of it from the average of its whole days
 * (today, still running, counts as at least that average). No projection from fewer than three
 * whole days or while a day of the period is missing.
 */
export function summarizePeriod(days: readonly HistoryDay[], today: string, period: Period): PeriodSummary {
  const inPeriod = days.filter((d) => d.date >= period.start && d.date <= today);
  const expected = daysBetween(period.start, today) + 1;
  const known = inPeriod.filter((d) => d.credits !== null);
  const total = known.reduce((sum, d) => sum + (d.credits ?? 0), 0);
  const missing = expected - known.length;
  const whole = known.filter((d) => d.date < today);
  const todayCredits = inPeriod.find((d) => d.date === today)?.credits ?? null;
  const remaining = daysBetween(today, period.end) - 1;
  let projected: number | null = null;
  if (missing === 0 && whole.length >= MIN_PROJECTION_DAYS && todayCredits !== null) {
    const wholeSum = whole.reduce((sum, d) => sum + (d.credits ?? 0), 0);
    const average = wholeSum / whole.length;
    projected = Math.round(wholeSum + Math.max(todayCredits, average) + average * remaining);
  }
  return { period, total, missing, projected, lastDay: addDays(period.end, -1) };
}

/** The busiest whole day and the average per whole known day of the window (today left out). */
export function summarizeWindow(
  days: readonly HistoryDay[],
  today: string,
): { busiest: HistoryDay | null; average: number | null; knownDays: number } {
  const whole = days.filter((d) => d.date < today && d.state === 'known');
  const busiest = whole.reduce<HistoryDay | null>(
    (best, d) => ((d.credits ?? 0) > (best?.credits ?? -1) ? d : best),
    null,
  );
  const sum = whole.reduce((s, d) => s + (d.credits ?? 0), 0);
  return {
    busiest: busiest && (busiest.credits ?? 0) > 0 ? busiest : null,
    average: whole.length > 0 ? sum / whole.length : null,
    knownDays: whole.length,
  };
}

/**
 * The plan cycle's credits so far (cached past days plus today's live figure) for the plan alerts.
 * Days not loaded count as nothing, so the figure can be too low but never too high.
 */
export function derivePlanUsage(
  entry: OriginHistory | undefined,
  today: string,
  todayCredits: number,
  plan: MonthlyPlan,
): { used: number; cycleStart: string } {
  const period = currentPeriod(today, plan);
  const days = deriveHistoryDays(entry, today, todayCredits, 31);
  return { used: summarizePeriod(days, today, period).total, cycleStart: period.start };
}
