/**
 * Budget notifications: after each snapshot (and each settings change) decide with
 * `decideBudgetAlert` whether a threshold was crossed, remember it for the credit day, and show a
 * system notification when the user granted the optional `notifications` permission. The plan's
 * notifications (`plan-alerts.ts`) go the same way, through `watchInTurn` and `announceThresholds`.
 */
import { browser } from 'wxt/browser';
import {
  type BudgetAlertState,
  type BudgetFigures,
  type BudgetThreshold,
  decideBudgetAlert,
  describeBudgetAlert,
} from '../budget';
import { uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { settingsStorage } from './managed';
import { budgetAlertStorage, type StorageItem, snapshotStorage } from './storage';

const ICON = '/icon/128.png';

/** Whether the user granted notifications (optional, asked for in Options with the budget). */
export async function canNotify(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch {
    return false;
  }
}

/**
 * Runs `check` after every change of `items`, one check at a time: two writes in a row must not
 * both announce a threshold. `kind` names its failures in the log (`budget alert`).
 */
export function watchInTurn(kind: string, check: () => Promise<void>, items: StorageItem<unknown>[]): void {
  let chain: Promise<void> = Promise.resolve();
  const queue = () => {
    chain = chain.then(check).catch((error: unknown) => console.error(LOG_PREFIX, `${kind} alert`, error));
  };
  for (const item of items) item.watch(queue);
}

/**
 * Decides whether `figures` crossed a threshold not announced yet in their period, keeps the
 * announced ones (`item`, last read as `stored`) and shows the notification owed, in the words of
 * `notification`, when the user granted notifications.
 */
export async function announceThresholds(
  item: StorageItem<BudgetAlertState | null>,
  stored: BudgetAlertState | null,
  figures: BudgetFigures,
  notification: (alert: BudgetThreshold) => { id: string; title: string; message: string },
): Promise<void> {
  const decision = decideBudgetAlert(stored, figures);
  if (JSON.stringify(decision.state) !== JSON.stringify(stored)) await item.set(decision.state);
  if (!decision.alert || !(await canNotify())) return;
  const { id, title, message } = notification(decision.alert);
  await browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL(ICON),
    title,
    message,
  });
}

/** Registers the budget watcher. Call once, synchronously, from the background. */
export function registerBudgetAlerts(): void {
  const check = async () => {
    const [snapshot, settings, state] = await Promise.all([
      snapshotStorage.get(),
      settingsStorage.get(),
      budgetAlertStorage.get(),
    ]);
    const credits = snapshot.credits;
    if (!credits) return;
    const figures = {
      total: credits.total,
      periodStart: credits.periodStart,
      budget: settings.budget,
      warnPercent: settings.budgetWarnPercent,
    };
    await announceThresholds(budgetAlertStorage, state, figures, (alert) => ({
      id: `budget-${alert}-${figures.periodStart}`,
      ...describeBudgetAlert(alert, figures, uiLocale()),
    }));
  };
  watchInTurn('budget', check, [snapshotStorage, settingsStorage]);
}
