/**
 * The background, as a list of its parts. Listeners are registered synchronously: an MV3 worker can
 * be woken by the event it must handle.
 */
import { registerBadge } from './badge';
import { registerBudgetAlerts } from './budget-alerts';
import { registerCommands } from './commands';
import { registerContentScripts } from './content-scripts';
import { createDockHeights } from './dock-heights';
import { registerHistorySync, sharedRequestLog } from './history-sync';
import { LOG_PREFIX } from './log';
import { registerBarSettings, settingsStorage } from './managed';
import { registerMovedPages } from './moved-pages';
import { registerPlanAlerts } from './plan-alerts';
import { createPoller } from './poller';
import { createRefreshEngine, registerSessionStart } from './refresh-engine';
import { cachedItem } from './storage';
import { migrateStorage } from './storage-migrations';
import { registerViewerPorts } from './viewer-ports';

/** Registers every background listener. Call once, synchronously, from the entrypoint. */
export function registerBackground(): void {
  // Before anything reads: every read and write waits for it.
  migrateStorage().catch((error: unknown) => console.error(LOG_PREFIX, 'storage migration failed', error));
  // Read on every refresh: from memory after the first time.
  const settings = cachedItem(settingsStorage);
  const requestLog = sharedRequestLog();
  const history = registerHistorySync(requestLog);
  const engine = createRefreshEngine(settings, requestLog, history);
  const poller = createPoller(engine, settings);
  registerViewerPorts({ settings, poller, rememberDock: createDockHeights(), history });
  registerCommands(settings, () => poller.refresh('manual'));
  registerBadge();
  registerBudgetAlerts();
  registerPlanAlerts();
  registerMovedPages();
  registerBarSettings();
  registerContentScripts(settings);
  registerSessionStart(engine);
}
