/**
 * Who is looking, and the polling that follows from it: the poll alarm ticks and the hint socket
 * is open only while at least one view is visible (after a grace period, not a moment's navigation);
 * a failed refresh is retried by a timer while the worker lives and by an alarm when it was stopped.
 */
import { type Browser, browser } from 'wxt/browser';
import type { Engine } from '../engine/engine';
import type { RefreshReason } from '../schedule/policy';
import { createPresence, VIEWER_GRACE_MS } from '../schedule/presence';
import type { Settings } from '../settings';
import { BADGE_REFRESH_ALARM } from './badge';
import { createHintChannel } from './hint-channel';
import { LOG_PREFIX } from './log';
import type { ViewKind } from './protocol';
import type { StorageItem } from './storage';

const POLL_ALARM = 'poll';
const RETRY_ALARM = 'retry';

/** The background's poller; the viewer ports report to it. */
export interface Poller {
  /** A view said hello (or said it again). */
  hello(port: Browser.runtime.Port, view: ViewKind, visible: boolean): Promise<void>;
  /** A view that said hello was shown or hidden; others are ignored. */
  visibility(port: Browser.runtime.Port, visible: boolean): Promise<void>;
  /** A view went away. */
  leave(port: Browser.runtime.Port): Promise<void>;
  /** Refreshes now (through the engine's schedule) and arranges the retry it may owe. */
  refresh(reason: RefreshReason): void;
  /** Whether the view on `port` said hello and is visible now. */
  isVisible(port: Browser.runtime.Port): boolean;
}

/**
 * Creates the poller and registers its alarm and settings listeners. `settings` is read on every
 * change of who looks (pass a cached item).
 */
export function createPoller(engine: Engine, settings: StorageItem<Settings>): Poller {
  const viewers = new Map<Browser.runtime.Port, { view: ViewKind; visible: boolean }>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const someoneLooks = () => [...viewers.values()].some((v) => v.visible);

  const refresh = (reason: RefreshReason) => {
    engine
      .refresh(reason)
      .then(async (snapshot) => {
        clearTimeout(retryTimer);
        // The back end answered while the socket is down: it need not wait out its backoff (up to
        // 30 s) to bring Live back. At most once per refresh, so a flapping socket stays cheap.
        if (snapshot.failures === 0 && snapshot.socket === 'closed' && someoneLooks()) socket.retryNow();
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
  const socket = createHintChannel(engine, refresh);

  const ensureAlarm = async ({ pollSeconds }: Settings) => {
    const period = pollSeconds / 60;
    const existing = await browser.alarms.get(POLL_ALARM);
    if (existing?.periodInMinutes === period) return;
    // The first tick follows the last fetch, not this moment: a view coming back after nobody
    // looked must not wait a whole new interval for data that is already most of one old.
    const pollMs = pollSeconds * 1000;
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
      socket.close();
    },
    // Data from before may miss what happened meanwhile: the status must know (not Live).
    onReturn: () => {
      const at = Date.now();
      resumed = engine.update((s) => ({ ...s, watchedSince: at })).catch(() => {});
    },
  });

  const onViewersChanged = async (reason: RefreshReason) => {
    if (!presence.changed()) return;
    const current = await settings.get();
    await ensureAlarm(current);
    socket.ensure(current);
    await resumed;
    refresh(reason);
  };

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
  settings.watch((current) => {
    if (!someoneLooks()) return;
    ensureAlarm(current).catch(() => {});
    socket.ensure(current);
    refresh('manual');
  });

  return {
    async hello(port, view, visible) {
      viewers.set(port, { view, visible });
      await onViewersChanged('startup');
    },
    async visibility(port, visible) {
      const viewer = viewers.get(port);
      if (!viewer) return;
      viewer.visible = visible;
      await onViewersChanged('focus');
    },
    async leave(port) {
      viewers.delete(port);
      await onViewersChanged('startup');
    },
    refresh,
    isVisible: (port) => viewers.get(port)?.visible === true,
  };
}
