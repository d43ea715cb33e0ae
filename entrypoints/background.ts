import { defineBackground } from '#imports';
import { registerBadge } from '../utils/ext/badge';
import { registerBarFeed } from '../utils/ext/bar-feed';
import { registerBudgetAlerts } from '../utils/ext/budget-alerts';
import { registerCommands } from '../utils/ext/commands';
import { registerContentScripts } from '../utils/ext/content-scripts';
import { createDockHeights } from '../utils/ext/dock-heights';
import { registerHistorySync, sharedRequestLog } from '../utils/ext/history-sync';
import { installMessages } from '../utils/ext/i18n';
import { LOG_PREFIX } from '../utils/ext/log';
import { registerBarSettings, settingsStorage } from '../utils/ext/managed';
import { registerMovedPages } from '../utils/ext/moved-pages';
import { registerPlanAlerts } from '../utils/ext/plan-alerts';
import { createPoller } from '../utils/ext/poller';
import { createRefreshEngine, registerSessionStart } from '../utils/ext/refresh-engine';
import { cachedItem } from '../utils/ext/storage';
import { migrateStorage } from '../utils/ext/storage-migrations';
import { registerViewerPorts } from '../utils/ext/viewer-ports';

export default defineBackground({
  // Firefox MV2: an event page like MV3's, unloaded when idle; all state lives in storage.
  persistent: { firefox: false },
  // Every listener is registered synchronously: an MV3 worker can be woken by the event it must
  // handle. (The simulation, tests/sim, starts the worker through this function too.)
  main() {
    installMessages();
    migrateStorage().catch((error: unknown) => console.error(LOG_PREFIX, 'storage migration failed', error));
    // Read on every refresh: from memory after the first time.
    const settings = cachedItem(settingsStorage);
    const requestLog = sharedRequestLog();
    const history = registerHistorySync(requestLog);
    const engine = createRefreshEngine(settings, requestLog, history);
    const poller = createPoller(engine, settings);
    const barFeed = registerBarFeed(settings);
    registerViewerPorts({ settings, poller, rememberDock: createDockHeights(), history, barFeed });
    registerCommands(settings, () => poller.refresh('manual'));
    registerBadge();
    registerBudgetAlerts();
    registerPlanAlerts();
    registerMovedPages();
    registerBarSettings();
    registerContentScripts(settings);
    registerSessionStart(engine);
  },
});
