/**
 * The background's end of the views' ports: a port is heard only once its sender is trusted
 * (this extension's pages, or its content script on an app origin), and only typed messages are.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import type { BarFeedWriter } from './bar-feed';
import type { RememberDock } from './dock-heights';
import type { HistorySync } from './history-sync';
import type { Poller } from './poller';
import { isTrustedSender, parseViewerMessage, VIEWER_PORT } from './protocol';
import type { StorageItem } from './storage';

export interface ViewerPortDeps {
  settings: StorageItem<Settings>;
  poller: Poller;
  rememberDock: RememberDock;
  history: Pick<HistorySync, 'setOpen'>;
  barFeed: BarFeedWriter;
}

/** Registers the port listener. Call once, synchronously, from the background's start. */
export function registerViewerPorts({
  settings,
  poller,
  rememberDock,
  history,
  barFeed,
}: ViewerPortDeps): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== VIEWER_PORT) return;
    const sender = { id: port.sender?.id, url: port.sender?.url, tabId: port.sender?.tab?.id };
    const ownBaseUrl = browser.runtime.getURL('/');
    const trusted = settings
      .get()
      .then(({ appOrigins }) => isTrustedSender(sender, browser.runtime.id, ownBaseUrl, appOrigins));
    // A view can close while its first message waits for the settings: it must not be counted then.
    let connected = true;
    port.onMessage.addListener(async (raw: unknown) => {
      const message = parseViewerMessage(raw);
      if (!message || !(await trusted) || !connected) return;
      switch (message.type) {
        case 'hello':
          // A bar reads the feed from storage: it must be current while one is open.
          if (message.view === 'bar') barFeed.setOpen(port, true);
          await poller.hello(port, message.view, message.visible);
          break;
        case 'visibility':
          await poller.visibility(port, message.visible);
          break;
        case 'refresh':
          // The bar's Refresh sits in the page's DOM, where the page can click it: it counts as
          // a hint (one per 5 s, never through a backoff), and none from a hidden tab (nobody
          // clicks there; nothing is fetched while nobody looks). The popup's stays immediate.
          if (sender.tabId === undefined) poller.refresh('manual');
          else if (poller.isVisible(port)) poller.refresh('hint');
          break;
        case 'dock':
          // Only a bar in a tab has a page to speak for; the origin comes from the browser.
          if (sender.tabId !== undefined && sender.url) {
            rememberDock(`${new URL(sender.url).origin} ${message.page}`, message.height);
          }
          break;
        case 'history':
          // Only the extension's own pages (popup, Options) have a history view; never the bar.
          if (sender.url?.startsWith(ownBaseUrl)) history.setOpen(port, message.open);
          break;
        case 'heartbeat':
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      connected = false;
      poller.leave(port).catch(() => {});
      history.setOpen(port, false);
      barFeed.setOpen(port, false);
    });
    trusted.then((ok) => ok || port.disconnect()).catch(() => port.disconnect());
  });
}
