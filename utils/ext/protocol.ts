/**
 * The one message protocol between views (bar, popup, options) and the background. Views connect a
 * port while they are on screen; the background polls only while at least one is visible.
 */

import { PAGE_KINDS, type PageKind } from '../settings';

export const VIEWER_PORT = 'live-credits-viewer';

export type ViewKind = 'bar' | 'popup';

export type ViewerMessage =
  | { type: 'hello'; view: ViewKind; visible: boolean }
  | { type: 'visibility'; visible: boolean }
  | { type: 'refresh' }
  | { type: 'heartbeat' }
  /** The bar saw the app's own bar this tall on this page (0: none); remembered per origin. */
  | { type: 'dock'; page: PageKind; height: number }
  /** The popup's or Options' history (Month) view opened or closed: past days load only while open. */
  | { type: 'history'; open: boolean };

/** The app bar's height last seen per page (`origin page` → px, 0: none), so the bar starts there. */
export type DockHeights = Record<string, number>;

/** Heights over this are no status bar: ignore them rather than lift the bar off the screen. */
export const MAX_DOCK_HEIGHT = 200;
/** Enough for a few app instances; the oldest entries go first. */
export const MAX_DOCK_ENTRIES = 16;

export const isDockHeight = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DOCK_HEIGHT;

/** `all` with `key` set to `height` as its newest entry, keeping the newest MAX_DOCK_ENTRIES. */
export function withDockHeight(all: DockHeights, key: string, height: number): DockHeights {
  const { [key]: _old, ...others } = all;
  const kept = Object.entries(others).slice(-(MAX_DOCK_ENTRIES - 1));
  return { ...Object.fromEntries(kept), [key]: height };
}

/** Validates a message from a view; anything else is dropped. */
export function parseViewerMessage(message: unknown): ViewerMessage | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
      return (m.view === 'bar' || m.view === 'popup') && typeof m.visible === 'boolean'
        ? { type: 'hello', view: m.view, visible: m.visible }
        : null;
    case 'visibility':
      return typeof m.visible === 'boolean' ? { type: 'visibility', visible: m.visible } : null;
    case 'dock':
      return PAGE_KINDS.includes(m.page as PageKind) && isDockHeight(m.height)
        ? { type: 'dock', page: m.page as PageKind, height: m.height }
        : null;
    case 'history':
      return typeof m.open === 'boolean' ? { type: 'history', open: m.open } : null;
    case 'refresh':
    case 'heartbeat':
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
