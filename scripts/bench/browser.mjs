// The benchmark's harness: the demo app on free ports, counting taps in front of its API, and a real
// Chromium (Debian's) with the built extension in a throw-away profile.
import { ListenerGroup } from '../../demo/listen.mjs';
import {
  appOriginsOf,
  CHROMIUM,
  demoClient,
  launchChromium,
  startDemo as startSharedDemo,
} from '../../tests/e2e/demo-and-browser.mjs';
import { freePort, sleep } from './util.mjs';

export { CHROMIUM };

/** Starts the demo app with no simulator activity, on free ports (as the end-to-end specs do). */
export async function startDemo(options = {}) {
  const demo = await startSharedDemo(options);
  const { control } = demoClient(demo);
  const del = (path) => control(path, undefined, 'DELETE');
  return { ...demo, control, del, appOrigins: appOriginsOf(demo) };
}

/**
 * A second front door to the demo's API on its own port: same handler, same data, but it logs
 * every request (path without query, method, time) so the traffic of one client is counted apart
 * from the app page's own traffic. WebSocket upgrades are logged as `/ws`.
 */
export async function openTap(demo, name) {
  const log = [];
  const note = (req) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    log.push({ t: Date.now(), path, method: req.method });
  };
  const api = demo.state.api;
  const group = new ListenerGroup({
    name,
    hosts: ['127.0.0.1', '::1'],
    port: await freePort(),
    handler: (req, res) => {
      note(req);
      api.handle(req, res);
    },
    setup: (server) =>
      server.on('upgrade', (req, socket, head) => {
        note(req);
        api.upgrade(req, socket, head);
      }),
  });
  await group.open();
  return {
    name,
    url: `http://localhost:${group.port}`,
    log,
    /** Requests per path in [from, to) (epoch ms); preflights (OPTIONS) under `OPTIONS <path>`. */
    countsBetween(from, to = Date.now()) {
      const counts = {};
      for (const entry of log) {
        if (entry.t < from || entry.t >= to) continue;
        const key = entry.method === 'OPTIONS' ? `OPTIONS ${entry.path}` : entry.path;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    close: () => group.close(),
  };
}

/** Launches Chromium with the extension in `extensionDir` (or none) in a fresh profile. */
export function launchBrowser({ extensionDir = null, viewport = { width: 1280, height: 800 } } = {}) {
  return launchChromium({ extensionDir, viewport });
}

/**
 * Writes settings from the service worker (no popup is opened, so no viewer connects and the
 * background does not start polling because of it).
 */
export async function writeSettings(browser, patch) {
  await browser.worker.evaluate(async (patch) => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...(settings ?? {}), ...patch } });
  }, patch);
  // Let the background register its run-time content script for these origins.
  await sleep(300);
}

/** The snapshot the background stored. */
export async function readSnapshot(browser) {
  return browser.worker.evaluate(async () => (await chrome.storage.local.get('snapshot')).snapshot ?? null);
}

/**
 * Main-world watcher, added to every page before its scripts run. It finds the bar's host when the
 * content script appends it to <body>, observes its open shadow root, and logs each new value of
 * "API Credits Used Today" with the time of the DOM change and of the next animation frame (the
 * frame that paints it), in the page's clock (performance.now(), origin = navigation start) and
 * as epoch ms. It watches <body>'s children only, so it costs the page next to nothing.
 */
export const WATCHER = `(() => {
  if (!/^https?:$/.test(location.protocol) || window.__lcbBench) return;
  const W = (window.__lcbBench = { hostAt: null, values: [], routeStart: null });
  const read = (root) => {
    for (const item of root.querySelectorAll('.lcb-item')) {
      const label = item.querySelector('.lcb-label');
      if (label && label.textContent.trim() === 'API Credits Used Today:')
        return item.querySelector('.lcb-value')?.textContent ?? null;
    }
    return null;
  };
  let observed = null;
  const check = () => {
    const root = observed && observed.shadowRoot;
    // Hidden while it learns where the app's own bar goes: not shown yet.
    if (!root || observed.hasAttribute('data-docking')) return;
    const text = read(root);
    const last = W.values[W.values.length - 1];
    if (text === null || (last && last.text === text)) return;
    const entry = { text, at: performance.now(), epoch: Date.now(), paintAt: null, paintEpoch: null };
    W.values.push(entry);
    requestAnimationFrame(() => {
      entry.paintAt = performance.now();
      entry.paintEpoch = performance.timeOrigin + entry.paintAt;
    });
  };
  const inner = new MutationObserver(check);
  const find = () => {
    const host = document.querySelector('meridinate-live-credits-bar');
    if (!host || host === observed || !host.shadowRoot) return;
    observed = host;
    if (W.hostAt === null) W.hostAt = performance.now();
    inner.disconnect();
    inner.observe(host.shadowRoot, { childList: true, subtree: true, characterData: true });
    inner.observe(host, { attributes: true, attributeFilter: ['data-docking'] });
    check();
  };
  const outer = new MutationObserver(find);
  const begin = () => {
    outer.observe(document.body, { childList: true });
    find();
  };
  if (document.body) begin();
  else document.addEventListener('DOMContentLoaded', begin, { once: true });
})();`;

/** Waits until `read()` returns something truthy, polling every `interval` ms. */
export async function until(read, { timeout = 15_000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

/** The watcher's log of the page. */
export function watched(page) {
  return page.evaluate(() => window.__lcbBench ?? null);
}

/** A credits text with a figure in it ("1,234"), as opposed to the "—" placeholder. */
export const hasFigure = (text) => typeof text === 'string' && /\d/.test(text);
export const figure = (text) => Number(String(text).replace(/[^\d]/g, ''));

/** Waits for the bar in `page` to paint a credits figure; returns the watcher's entry. */
export async function waitForPaintedFigure(page, { timeout = 15_000, accept = hasFigure } = {}) {
  return until(
    async () => {
      const w = await watched(page);
      return w?.values.find((v) => accept(v.text) && v.paintAt !== null) ?? null;
    },
    { timeout, what: 'the bar to paint a figure' },
  );
}
