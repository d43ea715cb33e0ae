/**
 * The one message protocol between views (bar, popup, options) and the background. Views connect a
 * port while they are on screen; the background polls only while at least one is visible.
 */

export const VIEWER_PORT = 'live-credits-viewer';

export type ViewKind = 'bar' | 'popup' | 'options';

export type ViewerMessage =
  | { type: 'hello'; view: ViewKind; visible: boolean }
  | { type: 'visibility'; visible: boolean }
  | { type: 'refresh' }
  | { type: 'heartbeat' }
  | { type: 'reprobe' };

/** Validates a message from a view; anything else is dropped. */
export function parseViewerMessage(message: unknown): ViewerMessage | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
      return (m.view === 'bar' || m.view === 'popup' || m.view === 'options') &&
        typeof m.visible === 'boolean'
        ? { type: 'hello', view: m.view, visible: m.visible }
        : null;
    case 'visibility':
      return typeof m.visible === 'boolean' ? { type: 'visibility', visible: m.visible } : null;
    case 'refresh':
    case 'heartbeat':
    case 'reprobe':
      return { type: m.type };
    default:
      return null;
  }
}

/** What the background knows of a port's sender. */
export interface PortSender {
  id?: string;
  url?: string;
  /** Present for content scripts. */
  tabId?: number;
}

/**
 * Whether a port comes from this extension: its own pages, or its content script on an app origin.
 * Web pages cannot connect at all (no `externally_connectable`); this guards against other
 * extensions and against a content script in an unexpected frame.
 */
export function isTrustedSender(
  sender: PortSender,
  ownId: string,
  ownBaseUrl: string,
  appOrigins: readonly string[],
): boolean {
  if (sender.id !== ownId || !sender.url) return false;
  if (sender.tabId === undefined) return sender.url.startsWith(ownBaseUrl);
  try {
    return appOrigins.includes(new URL(sender.url).origin) || sender.url.startsWith(ownBaseUrl);
  } catch {
    return false;
  }
}
