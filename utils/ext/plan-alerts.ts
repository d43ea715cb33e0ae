/**
 * Monthly plan notifications, like the daily budget's: at 80 % and at 100 % of the plan, each once
 * per plan cycle, shown only when the user granted the optional `notifications` permission (asked
 * for in Options with the plan). The cycle's credits are the cached past days plus today's live
 * figure; days not loaded yet count as nothing, so the figure can only be too low, never raise a
 * false alarm.
 */
import { serverDate } from '../history/dates';
import { derivePlanUsage } from '../history/plan';
import { describePlanAlert } from '../history/words';
import { announceThresholds, watchInTurn } from './budget-alerts';
import { historyStorage, planAlertStorage } from './history-storage';
import { uiLocale } from './i18n';
import { settingsStorage } from './managed';
import { snapshotStorage } from './storage';

/** The share of the plan that warns, as for the daily budget's default. */
export const PLAN_WARN_PERCENT = 80;

/** Registers the plan watcher. Call once, synchronously, from the background. */
export function registerPlanAlerts(): void {
  const check = async () => {
    const [snapshot, settings, cache, state] = await Promise.all([
      snapshotStorage.get(),
      settingsStorage.get(),
      historyStorage.get(),
      planAlertStorage.get(),
    ]);
    const plan = settings.monthlyPlan;
    const credits = snapshot.credits;
    const today = credits && serverDate(credits.periodStart);
    if (!plan || !credits || !today) return;
    const { used, cycleStart } = derivePlanUsage(cache[settings.apiBase], today, credits.total, plan);
    const figures = {
      total: used,
      periodStart: cycleStart,
      budget: plan.credits,
      warnPercent: PLAN_WARN_PERCENT,
    };
    await announceThresholds(planAlertStorage, state, figures, (alert) => ({
      id: `plan-${alert}-${cycleStart}`,
      ...describePlanAlert(alert, used, plan.credits, cycleStart, uiLocale()),
    }));
  };
  watchInTurn('plan', check, [snapshotStorage, settingsStorage, historyStorage]);
}
