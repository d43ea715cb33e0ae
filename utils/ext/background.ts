/**
 * The background's wiring: views connect ports, the poll alarm ticks only while at least one view
 * is visible, the hint socket is open only then, and everything else is the engine's job.
 * Listeners are registered synchronously: an MV3 worker can be woken by the event it must handle.
 */
import { type Browser, browser } from 'wxt/browser';
import { createEngine } from '../engine/engine';
import { type HintSocket, openHintSocket } from '../engine/hint-socket';
import type { RefreshReason } from '../schedule/policy';
import { createPresence, VIEWER_GRACE_MS } from '../schedule/presence';
import type { Settings } from '../settings';
import { BADGE_REFRESH_ALARM, registerBadge } from './badge';
import { registerBarFeed, withoutStoredWords } from './bar-feed';
import { registerBudgetAlerts } from './budget-alerts';
import { handleCommand } from './commands';
import { registerHistorySync, sharedRequestLog } from './history-sync';
import { registerBarSettings, settingsStorage as storedSettings } from './managed';
import { registerMovedPages } from './moved-pages';
import { injectIntoOpenTabs } from './open-tabs';
import { syncDynamicContentScripts } from './permissions';
import { registerPlanAlerts } from './plan-alerts';
import { isTrustedSender, parseViewerMessage, VIEWER_PORT, type ViewKind, withDockHeight } from './protocol';
import {
  cachedItem,
  dockHeightsStorage,
  sessionStartedStorage,
  snapshotStorage,
  testBudgetStorage,
} from './storage';

const POLL_ALARM = 'poll';
const RETRY_ALARM = 'retry';
const LOG_PREFIX = '[live-credits-bar]';

interface Viewer {
  view: ViewKind;
  visible: boolean;
}

/** Registers every background listener. Call once, synchronously, from the entrypoint. */
export function registerBackground(): void {
  // Read on every refresh (the engine, the bar's feed): from memory after the first time.
  const settingsStorage = cachedItem(storedSettings);
  const requestLog = sharedRequestLog();
  const history = registerHistorySync(requestLog);
  const engine = createEngine({
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    random: () => Math.random(),
    getSettings: () => settingsStorage.get(),
    loadSnapshot: () => snapshotStorage.get().then(withoutStoredWords),
    saveSnapshot: (snapshot) => snapshotStorage.set(snapshot),
    localOffsetMin: (at) => -new Date(at ?? Date.now()).getTimezoneOffset(),
    loadRequestLog: requestLog.load,
    saveRequestLog: requestLog.save,
    onTransactions: (rows) => history.onTransactions(rows),
    hourlyBudget: import.meta.env.MODE === 'e2e' ? () => testBudgetStorage.get() : undefined,
  });
  const viewers = new Map<Browser.runtime.Port, Viewer>();
  let socket: HintSocket | null = null;
  let socketUrl = '';
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** One write at a time, so two tabs reporting at once do not drop each other's entry. */
  let dockWrites: Promise<void> = Promise.resolve();
  const rememberDock = (key: string, height: number) => {
    dockWrites = dockWrites
      .then(async () => dockHeightsStorage.set(withDockHeight(await dockHeightsStorage.get(), key, height)))
      .catch((error: unknown) => console.error(LOG_PREFIX, 'dock height not saved', error));
  };

  const someoneLooks = () => [...viewers.values()].some((v) => v.visible);

  const refresh = (reason: RefreshReason) => {
    engine
      .refresh(reason)
      .then(async (snapshot) => {
        clearTimeout(retryTimer);
        // A successful attempt owes no retry: a leftover alarm would run one more full refresh.
        if (snapshot.nextAttemptAt === null) {
          await browser.alarms.clear(RETRY_ALARM);
          return;
        }
        const delay = Math.max(0, snapshot.nextAttemptAt - Date.now());
        // Alarms are the backstop when the worker is stopped; the timer is exact while it lives.
        await browser.alarms.create(RETRY_ALARM, { when: snapshot.nextAttemptAt + 50 });
        retryTimer = setTimeout(() => someoneLooks() && refresh('retry'), delay + 50);
      })
      .catch((error: unknown) => console.error(LOG_PREFIX, 'refresh failed', error));
  };

  const ensureSocket = (settings: Settings) => {
    const url = `${settings.apiBase.replace(/^http/, 'ws')}/ws`;
    if (socket && socketUrl === url) return;
    socket?.close();
    socketUrl = url;
    let lost = false;
    socket = openHintSocket({
      url,
      WebSocket,
      onHint: () => refresh('hint'),
      onState: (state) => {
        const reconnected = state === 'connected' && lost;
        if (state !== 'connecting') lost = state === 'closed';
        engine
          .update((s) => (s.socket === state ? s : { ...s, socket: state }))
          .then((s) => {
            // The socket coming back after the back end failed means it is up again: fetch now
            // rather than at the end of a backoff that may last minutes. (Not on every reconnect:
            // a flapping socket in front of a healthy back end must not multiply the requests.)
            if (reconnected && s.failures > 0) refresh('hint');
          })
          .catch(() => {});
      },
    });
  };

  const closeSocket = () => {
    socket?.close();
    socket = null;
    socketUrl = '';
  };

  const ensureAlarm = async (settings: Settings) => {
    const period = settings.pollSeconds / 60;
    const existing = await browser.alarms.get(POLL_ALARM);
    if (existing?.periodInMinutes === period) return;
    // The first tick follows the last fetch, not this moment: a view coming back after nobody
    // looked must not wait a whole new interval for data that is already most of one old.
    const pollMs = settings.pollSeconds * 1000;
    const last = (await engine.current()).attemptAt;
    const now = Date.now();
    // Data a whole interval old is fetched at once by the view's hello; then a full interval.
    const due = last === null ? now : last + pollMs;
    const when = due > now ? Math.max(now + 1_000, due) : now + pollMs;
    await browser.alarms.create(POLL_ALARM, { when, periodInMinutes: period });
  };

  /** The write of the moment polling resumed: the view's first refresh waits for it. */
  let resumed: Promise<unknown> = Promise.resolve();
  // Nobody looked for the whole grace period (not a moment's navigation): stop polling.
  const presence = createPresence({
    graceMs: VIEWER_GRACE_MS,
    someoneLooks,
    onLeave: () => {
      clearTimeout(retryTimer);
      // Only the polling alarms: the badge's own alarms follow its settings.
      Promise.all([browser.alarms.clear(POLL_ALARM), browser.alarms.clear(RETRY_ALARM)]).catch(() => {});
      closeSocket();
    },
    // Data from before may miss what happened meanwhile: the status must know (not Live).
    onReturn: () => {
      const at = Date.now();
      resumed = engine.update((s) => ({ ...s, watchedSince: at })).catch(() => {});
    },
  });

  const onViewersChanged = async (reason: RefreshReason) => {
    if (!presence.changed()) return;
    const settings = await settingsStorage.get();
    await ensureAlarm(settings);
    ensureSocket(settings);
    await resumed;
    refresh(reason);
  };

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== VIEWER_PORT) return;
    const sender = { id: port.sender?.id, url: port.sender?.url, tabId: port.sender?.tab?.id };
    const trusted = settingsStorage
      .get()
      .then((settings) =>
        isTrustedSender(sender, browser.runtime.id, browser.runtime.getURL('/'), settings.appOrigins),
      );
    // A view can close while its first message waits for the settings: it must not be counted then.
    let connected = true;
    port.onMessage.addListener(async (raw: unknown) => {
      const message = parseViewerMessage(raw);
      if (!message || !(await trusted) || !connected) return;
      const viewer = viewers.get(port);
      switch (message.type) {
        case 'hello':
          viewers.set(port, { view: message.view, visible: message.visible });
          await onViewersChanged('startup');
          break;
        case 'visibility':
          if (!viewer) return;
          viewer.visible = message.visible;
          await onViewersChanged('focus');
          break;
        case 'refresh':
          // The bar's Refresh sits in the page's DOM, where the page can click it: it counts as
          // a hint (one per 5 s, never through a backoff). The popup's stays immediate.
          refresh(sender.tabId === undefined ? 'manual' : 'hint');
          break;
        case 'reprobe':
          await engine.update((s) => ({ ...s, capabilities: null }));
          refresh('manual');
          break;
        case 'dock':
          // Only a bar in a tab has a page to speak for; the origin comes from the browser.
          if (sender.tabId !== undefined && sender.url) {
            rememberDock(`${new URL(sender.url).origin} ${message.page}`, message.height);
          }
          break;
        case 'history':
          // Only the extension's own pages (popup, Options) have a history view; never the bar.
          if (sender.url?.startsWith(browser.runtime.getURL('/'))) history.setOpen(port, message.open);
          break;
        case 'heartbeat':
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      connected = false;
      viewers.delete(port);
      history.setOpen(port, false);
      onViewersChanged('startup').catch(() => {});
    });
    trusted.then((ok) => ok || port.disconnect()).catch(() => port.disconnect());
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== POLL_ALARM && alarm.name !== RETRY_ALARM) return;
    // After a worker restart the views reconnect within moments; give them that time.
    setTimeout(() => {
      if (someoneLooks()) refresh(alarm.name === POLL_ALARM ? 'poll' : 'retry');
      else if (viewers.size === 0) onViewersChanged('poll').catch(() => {});
    }, 500);
  });
  // The opt-in slow refresh for the badge; while someone looks the poll alarm does the work.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_REFRESH_ALARM && !someoneLooks()) refresh('poll');
  });

  browser.commands?.onCommand.addListener((command) => {
    handleCommand(command, {
      getSettings: () => settingsStorage.get(),
      saveSettings: (settings) => settingsStorage.set(settings),
      refresh: () => refresh('manual'),
    }).catch((error: unknown) => console.error(LOG_PREFIX, 'command failed', error));
  });
  registerBadge();
  registerBarFeed(settingsStorage);
  registerBudgetAlerts();
  registerPlanAlerts();
  registerMovedPages();
  registerBarSettings();

  const syncScripts = () =>
    settingsStorage
      .get()
      .then(syncDynamicContentScripts)
      .catch((error: unknown) => console.error(LOG_PREFIX, 'content script registration failed', error));
  browser.runtime.onInstalled.addListener(() => {
    syncScripts();
    settingsStorage
      .get()
      .then(injectIntoOpenTabs)
      .catch((error: unknown) => console.error(LOG_PREFIX, 'injection into open tabs failed', error));
  });
  browser.runtime.onStartup.addListener(syncScripts);
  browser.permissions.onAdded.addListener(syncScripts);
  browser.permissions.onRemoved.addListener(syncScripts);

  settingsStorage.watch((settings) => {
    syncScripts();
    if (!someoneLooks()) return;
    ensureAlarm(settings).catch(() => {});
    ensureSocket(settings);
    refresh('manual');
  });

  // A stopped worker may have left a fetch or a socket marked as running.
  engine.update((s) => ({ ...s, updating: null, socket: 'closed' })).catch(() => {});
  // A new browser session: the app may have been upgraded (OLD → HEAD) or moved meanwhile, so
  // probe its capabilities again (the offset is kept until measured anew). Session storage
  // outlives worker restarts within the session, so this runs once per session.
  sessionStartedStorage
    .get()
    .then(async (started) => {
      if (started) return;
      await sessionStartedStorage.set(true);
      await engine.update((s) =>
        s.capabilities ? { ...s, capabilities: { ...s.capabilities, probedAt: 0 } } : s,
      );
    })
    .catch((error: unknown) => console.error(LOG_PREFIX, 'session start not recorded', error));
}
