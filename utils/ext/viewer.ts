/**
 * A view's side of the protocol: keeps a port to the background while the view exists, says when
 * it is visible, sends heartbeats (which keep an MV3 worker alive while someone looks), and
 * reconnects when the worker is restarted.
 */
import { type Browser, browser } from 'wxt/browser';
import type { PageKind } from '../settings';
import { VIEWER_PORT, type ViewerMessage, type ViewKind } from './protocol';

export interface ViewerConnection {
  setVisible(visible: boolean): void;
  refresh(): void;
  /** Reports the app bar's height on this page (the bar only). */
  dock(page: PageKind, height: number): void;
  close(): void;
}

const HEARTBEAT_MS = 25_000;

/** Connects a view to the background. `isAlive` is false once the extension was reloaded. */
export function connectViewer(
  view: ViewKind,
  initiallyVisible: boolean,
  isAlive: () => boolean = () => true,
): ViewerConnection {
  let port: Browser.runtime.Port | null = null;
  let visible = initiallyVisible;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: ViewerMessage) => {
    try {
      port?.postMessage(message);
    } catch {
      port = null;
    }
  };

  const connect = () => {
    if (closed || !isAlive() || !browser.runtime?.id) return;
    try {
      port = browser.runtime.connect({ name: VIEWER_PORT });
    } catch {
      port = null;
      return;
    }
    port.onDisconnect.addListener(() => {
      port = null;
      // The background was stopped (or updated): reconnect so polling goes on. A hidden view
      // reconnects when it is shown again: reconnecting at once would wake an idle event page
      // (Firefox) or worker right back up, again and again, with nobody looking.
      if (!closed && visible) reconnectTimer = setTimeout(connect, 250);
    });
    post({ type: 'hello', view, visible });
  };

  const heartbeat = setInterval(() => {
    if (visible) post({ type: 'heartbeat' });
  }, HEARTBEAT_MS);

  connect();
  return {
    setVisible(next) {
      if (next === visible) return;
      visible = next;
      if (!port) connect();
      else post({ type: 'visibility', visible });
    },
    refresh() {
      if (!port) connect();
      post({ type: 'refresh' });
    },
    dock(page, height) {
      if (!port) connect();
      post({ type: 'dock', page, height });
    },
    close() {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(reconnectTimer);
      try {
        port?.disconnect();
      } catch {
        // Already gone with the extension context.
      }
      port = null;
    },
  };
}
