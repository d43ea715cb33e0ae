// The demo app and a real Chromium with the built extension: the one place that starts and stops
// them, shared by the end-to-end specs (through the fixtures in `fixtures.mjs`), the reliability
// report, the benchmark (scripts/bench) and, for the demo, ports and waits, the Firefox specs.
// Plain playwright-core: no test runner here, so scripts can use it as well as specs.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The e2e build under test: a private copy made by the global set-up, or the build output itself. */
export const EXTENSION_DIR = process.env.LCB_EXTENSION_DIR ?? join(ROOT, '.output/chrome-mv3-e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The tag of the bar's host element in app pages. */
export const HOST_TAG = 'meridinate-live-credits-bar';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ports handed out in this process: the OS may offer a just-closed port again. */
const handedOut = new Set();

/** A free TCP port on the loopback interface, never one this process handed out before. */
export async function freePort() {
  for (;;) {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Calls a demo's control interface: GET without a body, POST with one (or `method`). */
async function callControl(demo, path, body, method = body === undefined ? 'GET' : 'POST') {
  const response = await fetch(`${demo.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A control client bound to one demo, so several demos can run side by side. */
export function demoClient(demo) {
  const control = (path, body, method) => callControl(demo, path, body, method);
  return {
    demo,
    control,
    app: (path) => `${demo.appUrl}${path}`,
    appOrigin: () => new URL(demo.appUrl).origin,
    state: () => control('/state'),
    fault: (target, kind, options = {}) => control('/fault', { target, kind, ...options }),
    clearFaults: () => control('/fault', undefined, 'DELETE'),
    count: async (path) => (await control('/state')).counts[path] ?? 0,
  };
}

/** The app origins the extension is given for a demo: its app port on both loopback names. */
export function appOriginsOf(demo) {
  const { port } = new URL(demo.appUrl);
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** The demo last started in this process (`app()` and `control()` follow it). */
let current = null;

/**
 * Starts the demo in this process on free ports (so several runs can share a machine), with no
 * simulator activity, so tests decide what happens. Another process may take a port between the
 * pick and the bind: then it picks again.
 */
export async function startDemo(options = {}) {
  const { startDemo: start } = await import(join(ROOT, 'demo/server.mjs'));
  for (let attempt = 1; ; attempt += 1) {
    const [apiPort, appPort, controlPort] = [await freePort(), await freePort(), await freePort()];
    try {
      current = await start({ pace: 'off', quiet: true, apiPort, appPort, controlPort, ...options });
      return current;
    } catch (error) {
      if (error?.code !== 'EADDRINUSE' || attempt >= 3) throw error;
    }
  }
}

/** A URL of the demo started last, e.g. `app('/dashboard/tokens')`. */
export function app(path) {
  return `${current.appUrl}${path}`;
}

/** Calls the control interface of the demo started last. */
export function control(path, body, method) {
  return callControl(current, path, body, method);
}

/** Chromium's flags for a headless run on these machines (no lookups it cannot make here). */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches Chromium in a throw-away profile with the extension in `extensionDir` (none when null)
 * and waits for its service worker. `lifecycle` keeps what Playwright turns off by default and the
 * lifecycle spec needs: the back/forward cache, re-loading an extension, and CDP's Extensions
 * domain (to update the extension in place). `args` adds flags, e.g. `--lang=de`.
 */
export async function launchChromium({
  extensionDir = EXTENSION_DIR,
  colorScheme = 'light',
  viewport = { width: 1280, height: 800 },
  args = [],
  lifecycle = false,
} = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lcb-e2e-'));
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme,
    viewport,
    ignoreDefaultArgs: lifecycle ? ['--disable-extensions', '--disable-back-forward-cache'] : [],
    args: [
      ...BASE_ARGS,
      ...(lifecycle ? ['--enable-unsafe-extension-debugging'] : []),
      ...(extensionDir
        ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
        : []),
      ...args,
    ],
  });
  let worker = null;
  if (extensionDir) {
    worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 30_000 }).catch(async () => {
        await close();
        throw new Error(
          `The extension in ${extensionDir} did not start (no service worker within 30 s). Chromium refuses a build it cannot load (e.g. _locales without default_locale): load it in chrome://extensions to see why.`,
        );
      }));
  }
  return {
    context,
    worker,
    extensionId: worker ? new URL(worker.url()).host : null,
    version: context.browser()?.version() ?? null,
    /** An extension page that is not a view (no port, so it does not count as someone looking). */
    storagePage: null,
    close,
  };
}

/**
 * Launches Chromium with the extension and, when a demo runs, points it at the demo started last
 * (API URL and app origins in the settings) the way a person does: from an extension page (the
 * popup, which is a viewer). `errors` lists uncaught errors in pages.
 */
export async function launchBrowser({ settings = {}, ...options } = {}) {
  const browser = await launchChromium(options);
  browser.errors = [];
  browser.context.on('weberror', (error) => browser.errors.push(String(error.error())));
  if (current)
    await setSettings(browser, { apiBase: current.apiUrl, appOrigins: appOriginsOf(current), ...settings });
  return browser;
}

/**
 * Launches Chromium with the extension for one demo. Unlike `launchBrowser`, the settings are
 * written from the service worker before any view exists, so the extension never polls the
 * default API URL (where another process may be listening). `errors` watches every context.
 */
export async function launchFor(demo, { settings = {}, ...options } = {}) {
  const browser = await launchChromium(options);
  await browser.worker.evaluate((value) => chrome.storage.sync.set({ settings: value }), {
    apiBase: demo.apiUrl,
    appOrigins: appOriginsOf(demo),
    ...settings,
  });
  browser.errors = watchErrors(browser.context, browser.worker);
  return browser;
}

/**
 * Collects what went wrong anywhere: uncaught errors in pages (the app's pages and the
 * extension's), errors the content script logs in the page (its console messages come from the
 * extension's URL or carry the fixed prefix), and the service worker's console errors and
 * uncaught errors. The app's own console noise (its WebSocket failing during an outage) is not
 * the extension's and is left out.
 */
export function watchErrors(context, worker) {
  const errors = [];
  const ours = (message) =>
    message.location().url.startsWith('chrome-extension://') || message.text().includes('[live-credits-bar]');
  context.on('weberror', (error) => errors.push(`uncaught in a page: ${error.error()}`));
  const watchPage = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && ours(message)) errors.push(`page console: ${message.text()}`);
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  const watchWorker = (w) => {
    w.on('console', (message) => {
      if (message.type() === 'error') errors.push(`service worker console: ${message.text()}`);
    });
    w.evaluate(() => {
      if (globalThis.__lcbErrors) return;
      globalThis.__lcbErrors = [];
      self.addEventListener('error', (event) => globalThis.__lcbErrors.push(String(event.message)));
      self.addEventListener('unhandledrejection', (event) =>
        globalThis.__lcbErrors.push(`unhandled rejection: ${event.reason}`),
      );
    }).catch(() => {});
  };
  if (worker) watchWorker(worker);
  context.on('serviceworker', watchWorker);
  /** Every error so far, the worker's uncaught ones included (when the worker can be asked). */
  errors.collect = async () => {
    const uncaught = [];
    for (const w of context.serviceWorkers()) {
      const list = await w.evaluate(() => globalThis.__lcbErrors ?? []).catch(() => []);
      uncaught.push(...list.map((e) => `service worker uncaught: ${e}`));
    }
    return [...errors, ...uncaught];
  };
  return errors;
}

/**
 * Starts a demo and a browser pointed at it; `close()` ends both. `demo` and `browser` are the
 * options of `startDemo` and `launchBrowser`; `launch` stands in for `launchBrowser` when the
 * browser is made another way, and gets the demo.
 */
export async function startDemoAndBrowser({ demo: demoOptions, browser: browserOptions, launch } = {}) {
  const demo = await startDemo(demoOptions);
  try {
    const browser = await (launch ? launch(demo) : launchBrowser(browserOptions));
    return {
      demo,
      browser,
      async close() {
        await browser.close();
        await demo.close();
      },
    };
  } catch (error) {
    await demo.close();
    throw error;
  }
}

/** Opens an extension page (popup or options) in a tab. */
export async function openExtensionPage(browser, page) {
  const tab = await browser.context.newPage();
  await tab.goto(`chrome-extension://${browser.extensionId}/${page}.html`);
  return tab;
}

/** Writes settings from an extension page, the way the popup and options do. */
export async function setSettings(browser, patch) {
  const tab = await openExtensionPage(browser, 'popup');
  await tab.evaluate(async (patch) => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...(settings ?? {}), ...patch } });
  }, patch);
  await tab.close();
}

/** Reads the extension's local storage from a page that is not a view (the manifest, as a document). */
export async function readExtensionStorage(browser, keys) {
  if (!browser.storagePage || browser.storagePage.isClosed()) {
    browser.storagePage = await browser.context.newPage();
    await browser.storagePage.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  }
  return browser.storagePage.evaluate((k) => chrome.storage.local.get(k), keys);
}

/** Requests the extension made to `endpoint` since `since` (its own hourly budget log). */
export async function requestTimes(browser, endpoint, since = 0) {
  const { requestLog } = await readExtensionStorage(browser, 'requestLog');
  return (requestLog?.[endpoint] ?? []).filter((t) => t >= since);
}

/** Locators for the bar inside a page (Playwright pierces the open shadow root). */
export function barOf(page) {
  const host = page.locator(HOST_TAG);
  const item = (label) =>
    host.locator('.lcb-item').filter({ has: page.locator('.lcb-label', { hasText: `${label}:` }) });
  return {
    host,
    region: host.locator('.lcb-bar'),
    status: host.locator('.lcb-status'),
    credits: item('API Credits Used Today').locator('.lcb-value'),
    scanned: item('Tokens Scanned Today').locator('.lcb-value'),
    latestName: host.locator('.lcb-name'),
    recentButton: host.getByRole('button', { name: /Recent Credits/ }),
    popover: host.locator('#lcb-recent-panel'),
    events: host.locator('.lcb-event'),
    refresh: host.getByRole('button', { name: 'Refresh' }),
    collapse: host.getByRole('button', { name: 'Collapse the credits bar' }),
    pill: host.locator('.lcb-pill'),
  };
}

/** The bar's status as a person reads it: the label, and the detail with the times left out. */
export async function barStatus(bar) {
  const [label, detail, dot] = await Promise.all([
    bar.host.locator('.lcb-status-text').textContent(),
    bar.status.getAttribute('title'),
    bar.host.locator('.lcb-status .lcb-dot').getAttribute('class'),
  ]);
  // `busy`: a fetch is running (the dot pulses; the label stays).
  return {
    label: label ?? '',
    detail: normalizeDetail(detail ?? ''),
    busy: /\blcb-dot-busy\b/.test(dot ?? ''),
  };
}

/** The popup's status label. */
export async function popupStatus(popup) {
  return (await popup.locator('.popup-status strong').textContent()) ?? '';
}

/** Drops the parts of a status sentence that change from second to second. */
export function normalizeDetail(detail) {
  return detail
    .replace(/Updated [^.]*\./, 'Updated ….')
    .replace(/Retrying in [^.]*\./, 'Retrying in ….')
    .replace(/checked every \d+ s|Checking every \d+ s/, (m) => m.replace(/\d+/, 'N'))
    .trim();
}

/** Polls `read` until it returns something `accept` likes, or fails with the last value. */
export async function waitFor(read, accept, { timeout = 10_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await sleep(interval);
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Parses a figure as shown ("1,753") into a number. */
export function figure(text) {
  return Number(String(text).replace(/[^\d]/g, ''));
}
