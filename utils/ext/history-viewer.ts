/**
 * The Month view's side of the protocol: its own port, so the bar's viewer code stays small. It
 * says whether the history view is open, and says it again after the background was restarted.
 */
import { type Browser, browser } from 'wxt/browser';
import { VIEWER_PORT } from './protocol';

/** Tells the background whether the history view is open; past days load only while it is. */
export function connectHistoryView(): { setOpen(open: boolean): void } {
  let port: Browser.runtime.Port | null = null;
  let open = false;
  const connect = () => {
    try {
      port = browser.runtime.connect({ name: VIEWER_PORT });
    } catch {
      port = null;
      return;
    }
    port.onDisconnect.addListener(() => {
      port = null;
      if (open) setTimeout(connect, 250);
    });
    port.postMessage({ type: 'history', open });
  };
  return {
    setOpen(next) {
      open = next;
      if (!port) connect();
      else port.postMessage({ type: 'history', open });
    },
  };
}
