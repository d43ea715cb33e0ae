// Shared helpers for the end-to-end specs: the demo app, a real Chromium with the built
// extension, and page objects for the bar and the popup.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = process.env.LCB_EXTENSION_DIR ?? join(ROOT, '.output/chrome-mv3-e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The demo this spec file runs against (one per file). */
let current = null;

/** Ports handed out in this process: the OS may offer a just-closed port again. */
const handedOut = new Set();

async function freePort() {
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

/**
 * Starts the demo in this process on free ports (so several runs can share a machine), with no
 * simulator activity, so tests decide what happens.
 */
export async function startDemo(options = {}) {
  const { startDemo: start } = await import(join(ROOT, 'demo/server.mjs'));
  // Another process may take a port between the pick and the bind: pick again then.
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

/** A URL of the demo app, e.g. `app('/dashboard/tokens')`. */
export function app(path) {
  return `${current.appUrl}${path}`;
}

/** Calls the demo's control interface. */
export async function control(path, body, method = body === undefined ? 'GET' : 'POST') {
  const response = await fetch(`${current.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Launches Chromium with the extension, points it at the running demo (API URL and app origins in
 * the settings), and returns the context, the extension id and a cleanup.
 */
export async function launchBrowser({ colorScheme = 'light', settings = {}, args = [] } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lcb-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      // More flags, e.g. `--lang=de` for the extension's UI language.
      ...args,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const errors = [];
  context.on('weberror', (error) => errors.push(String(error.error())));
  const browser = {
    context,
    extensionId,
    worker,
    errors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  if (current) {
    const appPort = new URL(current.appUrl).port;
    await setSettings(browser, {
      apiBase: current.apiUrl,
      appOrigins: [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`],
      ...settings,
    });
  }
  return browser;
}

/**
 * Starts a demo and a browser for the surrounding `describe` before its tests and closes both after
 * them. Returns the object that holds them, filled in `before` (the tests are defined before the
 * hooks run); a test may replace `browser`, and whichever is there at the end is closed. `demo` and
 * `browser` are the options of `startDemo` and `launchBrowser`; `launch` stands in for
 * `launchBrowser` when a suite needs its browser made another way, and gets the demo.
 */
export function useDemoAndBrowser({ demo: demoOptions, browser: browserOptions, launch } = {}) {
  const env = { demo: null, browser: null };
  before(async () => {
    env.demo = await startDemo(demoOptions);
    env.browser = await (launch ? launch(env.demo) : launchBrowser(browserOptions));
  });
  after(async () => {
    await env.browser?.close();
    await env.demo?.close();
  });
  return env;
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

/** Locators for the bar inside a page (Playwright pierces the open shadow root). */
export function barOf(page) {
  const host = page.locator('meridinate-live-credits-bar');
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

/** Polls `read` until it returns something `accept` likes, or fails with the last value. */
export async function waitFor(read, accept, { timeout = 10_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Parses a figure as shown ("1,753") into a number. */
export function figure(text) {
  return Number(String(text).replace(/[^\d]/g, ''));
}
