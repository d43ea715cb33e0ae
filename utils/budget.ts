/**
 * The daily credit budget: how far today's credits are into it, and when to tell the user. Pure:
 * the background feeds it the snapshot's figures and the alert state it keeps in storage.
 */
import { formatCount } from './format';
import { t } from './i18n';

/** Where today's credits stand against the budget; `none` when no budget is set. */
export type BudgetLevel = 'none' | 'normal' | 'warning' | 'over';

/** A point that raises a notification: the warning share, and the budget itself. */
export type BudgetThreshold = 'warning' | 'over';

/** Which thresholds were announced in which credit day (storage.local). */
export interface BudgetAlertState {
  /** The app's credit day (`credits.periodStart`) the thresholds were announced in. */
  periodStart: string;
  notified: BudgetThreshold[];
}

export interface BudgetFigures {
  /** Today's credits (`credits/today.total_credits`). */
  total: number;
  /** The credit day they belong to. */
  periodStart: string;
  budget: number | null;
  /** Warn at this share, in percent. */
  warnPercent: number;
}

/** The thresholds today's credits have reached, lowest first. */
function reached(total: number, budget: number | null, warnPercent: number): BudgetThreshold[] {
  if (budget === null || budget <= 0) return [];
  const out: BudgetThreshold[] = [];
  // Integers on both sides: no rounding at exactly 80 %.
  if (total * 100 >= budget * warnPercent) out.push('warning');
  if (total >= budget) out.push('over');
  return out;
}

/** The budget level of these figures. */
export function budgetLevel(total: number | null, budget: number | null, warnPercent: number): BudgetLevel {
  if (budget === null || total === null) return 'none';
  const hit = reached(total, budget, warnPercent);
  return hit.includes('over') ? 'over' : hit.includes('warning') ? 'warning' : 'normal';
}

/**
 * Decides whether to notify now. Each threshold is announced once per credit day: a new day (a
 * new `periodStart`) starts over, and a threshold no longer reached (the user raised the budget)
 * is armed again. Crossing both at once gives one notification, the higher one. `figures` is null
 * while there are no credits: nothing changes.
 */
export function decideBudgetAlert(
  state: BudgetAlertState | null,
  figures: BudgetFigures | null,
): { alert: BudgetThreshold | null; state: BudgetAlertState | null } {
  if (!figures) return { alert: null, state };
  const now = reached(figures.total, figures.budget, figures.warnPercent);
  const before = state?.periodStart === figures.periodStart ? state.notified : [];
  const fresh = now.filter((threshold) => !before.includes(threshold));
  return {
    alert: fresh.includes('over') ? 'over' : fresh.includes('warning') ? 'warning' : null,
    state: { periodStart: figures.periodStart, notified: now },
  };
}

/** `1,284 / 5,000`: today's credits against the budget, or the credits alone without one. */
export function formatBudgetUsage(total: number, budget: number | null, locale?: string): string {
  return budget === null
    ? formatCount(total, locale)
    : `${formatCount(total, locale)} / ${formatCount(budget, locale)}`;
}

/** The share of the budget used, in whole percent (rounded down: 99.6 % is not yet 100 %). */
export function budgetPercent(total: number, budget: number): number {
  return Math.floor((total * 100) / budget);
}

/** The words of a budget notification. */
export function describeBudgetAlert(
  alert: BudgetThreshold,
  figures: Pick<BudgetFigures, 'total' | 'budget'>,
  locale?: string,
): { title: string; message: string } {
  const budget = figures.budget ?? 0;
  const used = formatCount(figures.total, locale);
  const of = formatCount(budget, locale);
  return alert === 'over'
    ? { title: t('budgetOverTitle'), message: t('budgetOverMessage', used, of) }
    : {
        title: t('budgetWarningTitle', budgetPercent(figures.total, budget)),
        message: t('budgetWarningMessage', used, of),
      };
}
