// The background's end of the views' ports: which views the bar feed's writer hears of (a bar's
// hello opens it, its port closing closes it; the popup reads no feed), with the fake browser.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { Poller } from './poller';
import { VIEWER_PORT, type ViewerMessage } from './protocol';
import type { StorageItem } from './storage';
import { registerViewerPorts } from './viewer-ports';

const APP_PAGE = `${DEFAULT_SETTINGS.appOrigins[0]}${DEFAULT_SETTINGS.routes.tokens}`;

/** A port as the browser hands it to the background, with its two events to fire. */
function createPort(url: string, tabId?: number) {
  const heard: ((message: unknown) => void)[] = [];
  const gone: (() => void)[] = [];
  const port = {
    name: VIEWER_PORT,
    sender: { id: fakeBrowser.runtime.id, url, tab: tabId === undefined ? undefined : { id: tabId } },
    onMessage: { addListener: (listener: (message: unknown) => void) => heard.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => gone.push(listener) },
    disconnect: vi.fn(),
    postMessage: vi.fn(),
  } as unknown as Browser.runtime.Port;
  return {
    port,
    say: async (message: ViewerMessage) => {
      for (const listener of heard) await listener(message);
    },
    close: () => {
      for (const listener of gone) listener();
    },
  };
}

describe('registerViewerPorts and the bar feed', () => {
  let connect: (port: Browser.runtime.Port) => void;
  const barFeed = { setOpen: vi.fn() };
  /** What each view said of itself, as the poller keeps it. */
  const shown = new Map<Browser.runtime.Port, boolean>();
  const refresh = vi.fn();
  beforeEach(() => {
    fakeBrowser.reset();
    barFeed.setOpen.mockClear();
    refresh.mockClear();
    shown.clear();
    Object.assign(fakeBrowser.runtime, {
      onConnect: {
        addListener: (listener: (port: Browser.runtime.Port) => void) => {
          connect = listener;
        },
      },
    });
    const settings: StorageItem<Settings> = {
      get: async () => DEFAULT_SETTINGS,
      set: async () => {},
      watch: () => () => {},
    };
    const poller: Poller = {
      hello: async (port, _view, visible) => {
        shown.set(port, visible);
      },
      visibility: async (port, visible) => {
        if (shown.has(port)) shown.set(port, visible);
      },
      leave: async (port) => {
        shown.delete(port);
      },
      refresh,
      isVisible: (port) => shown.get(port) === true,
    };
    registerViewerPorts({
      settings,
      poller,
      rememberDock: vi.fn(),
      history: { setOpen: vi.fn() },
      barFeed,
    });
  });

  it('a bar’s hello opens it for the feed, its port closing closes it', async () => {
    const bar = createPort(APP_PAGE, 7);
    connect(bar.port);
    await bar.say({ type: 'hello', view: 'bar', visible: false });
    expect(barFeed.setOpen.mock.calls).toEqual([[bar.port, true]]);
    bar.close();
    expect(barFeed.setOpen.mock.calls).toEqual([
      [bar.port, true],
      [bar.port, false],
    ]);
  });

  it.each<[string, string, number | undefined, ViewerMessage]>([
    [
      'the popup',
      fakeBrowser.runtime.getURL('/popup.html'),
      undefined,
      { type: 'hello', view: 'popup', visible: true },
    ],
    [
      'a page not of the app',
      'https://example.com/dashboard/tokens',
      3,
      { type: 'hello', view: 'bar', visible: true },
    ],
  ])('%s opens no bar', async (_, url, tabId, hello) => {
    const view = createPort(url, tabId);
    connect(view.port);
    await view.say(hello);
    expect(barFeed.setOpen.mock.calls.filter(([, open]) => open)).toEqual([]);
  });

  it.each<[string, string, number | undefined, boolean, string[]]>([
    ['a visible bar’s Refresh is a hint', APP_PAGE, 7, true, ['hint']],
    ['a hidden tab’s Refresh (a script, not a person) fetches nothing', APP_PAGE, 7, false, []],
    [
      'the popup’s Refresh is the user’s',
      fakeBrowser.runtime.getURL('/popup.html'),
      undefined,
      true,
      ['manual'],
    ],
  ])('%s', async (_, url, tabId, visible, reasons) => {
    const view = createPort(url, tabId);
    connect(view.port);
    await view.say({ type: 'hello', view: tabId === undefined ? 'popup' : 'bar', visible });
    await view.say({ type: 'refresh' });
    expect(refresh.mock.calls.map(([reason]) => reason)).toEqual(reasons);
  });

  it('a bar hidden after its hello stops asking', async () => {
    const bar = createPort(APP_PAGE, 7);
    connect(bar.port);
    await bar.say({ type: 'hello', view: 'bar', visible: true });
    await bar.say({ type: 'visibility', visible: false });
    await bar.say({ type: 'refresh' });
    expect(refresh).not.toHaveBeenCalled();
  });
});
