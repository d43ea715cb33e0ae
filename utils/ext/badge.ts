/**
 * Paints the toolbar badge from the stored snapshot and settings, again when either changes and
 * when the figure turns stale, and keeps the opt-in slow refresh alarm in step with the settings.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import { BADGE_REFRESH_MS, deriveBadge } from '../view/badge';
import { uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { settingsStorage } from './managed';
import { followItem, snapshotStorage } from './storage';

/** Paints the badge again once the figure has turned stale (no fetch: nobody may be looking). */
export const BADGE_RECHECK_ALARM = 'badge-recheck';
/** The badge's own refresh while no view is open; only with `settings.badgeRefresh`. */
export const BADGE_REFRESH_ALARM = 'badge-refresh';

/** The toolbar button: `action` in MV3, `browserAction` in Firefox's MV2. */
function toolbarAction() {
  return browser.action ?? browser.browserAction;
}

/** Creates or clears the slow refresh alarm as the settings say. */
export async function syncBadgeRefreshAlarm(settings: Pick<Settings, 'badge' | 'badgeRefresh'>) {
  const period = BADGE_REFRESH_MS / 60_000;
  if (!settings.badge || !settings.badgeRefresh) {
    await browser.alarms.clear(BADGE_REFRESH_ALARM);
    return;
  }
  const existing = await browser.alarms.get(BADGE_REFRESH_ALARM);
  if (existing?.periodInMinutes !== period) {
    await browser.alarms.create(BADGE_REFRESH_ALARM, { delayInMinutes: period, periodInMinutes: period });
  }
}

/** Registers the badge's listeners. Call once, synchronously, from the background. */
export function registerBadge(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let queued = false;

  const paint = async () => {
    const [snapshot, settings] = await Promise.all([snapshotStorage.get(), settingsStorage.get()]);
    const now = Date.now();
    const view = deriveBadge(snapshot, settings, now, uiLocale());
    const action = toolbarAction();
    await Promise.all([
      action.setBadgeText({ text: view.text }),
      action.setBadgeBackgroundColor({ color: view.color }),
      action.setTitle({ title: view.title }),
      action.setBadgeTextColor?.({ color: '#ffffff' }),
    ]);
    clearTimeout(timer);
    if (view.recheckAt === null) {
      await browser.alarms.clear(BADGE_RECHECK_ALARM);
      return;
    }
    // The timer is exact while the worker lives; the alarm wakes a stopped one.
    timer = setTimeout(schedule, Math.max(0, view.recheckAt - now));
    await browser.alarms.create(BADGE_RECHECK_ALARM, { when: view.recheckAt });
  };

  /** Several snapshot writes in a row (a refresh makes a few) paint once. */
  function schedule() {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      paint().catch((error: unknown) => console.error(LOG_PREFIX, 'badge', error));
    }, 50);
  }

  snapshotStorage.watch(schedule);
  followItem(settingsStorage, (settings) => {
    schedule();
    syncBadgeRefreshAlarm(settings).catch(() => {});
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_RECHECK_ALARM) schedule();
  });
  schedule();
}
