/**
 * Budget notifications: after each snapshot (and each settings change) decide with
 * `decideBudgetAlert` whether a threshold was crossed, remember it for the credit day, and show a
 * system notification when the user granted the optional `notifications` permission.
 */
import { browser } from 'wxt/browser';
import { decideBudgetAlert, describeBudgetAlert } from '../budget';
import { uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { settingsStorage } from './managed';
import { budgetAlertStorage, snapshotStorage } from './storage';

const ICON = '/icon/128.png';

/** Whether the user granted notifications (optional, asked for in Options with the budget). */
export async function canNotify(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch {
    return false;
  }
}

/** Registers the budget watcher. Call once, synchronously, from the background. */
export function registerBudgetAlerts(): void {
  // One check at a time: two snapshot writes in a row must not both announce a threshold.
  let chain: Promise<void> = Promise.resolve();

  const check = async () => {
    const [snapshot, settings, state] = await Promise.all([
      snapshotStorage.get(),
      settingsStorage.get(),
      budgetAlertStorage.get(),
    ]);
    const credits = snapshot.credits;
    const figures = credits && {
      total: credits.total,
      periodStart: credits.periodStart,
      budget: settings.budget,
      warnPercent: settings.budgetWarnPercent,
    };
    const decision = decideBudgetAlert(state, figures);
    if (JSON.stringify(decision.state) !== JSON.stringify(state))
      await budgetAlertStorage.set(decision.state);
    if (!decision.alert || !figures || !(await canNotify())) return;
    const { title, message } = describeBudgetAlert(decision.alert, figures, uiLocale());
    await browser.notifications.create(`budget-${decision.alert}-${figures.periodStart}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL(ICON),
      title,
      message,
    });
  };

  const queue = () => {
    chain = chain.then(check).catch((error: unknown) => console.error(LOG_PREFIX, 'budget alert', error));
  };
  snapshotStorage.watch(queue);
  settingsStorage.watch(queue);
}
