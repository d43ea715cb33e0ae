// Shared helpers for the Firefox specs: the demo app, firefox-esr driven by puppeteer-core over
// WebDriver BiDi with the built extension installed as a temporary add-on, and readers for the bar
// and the popup.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import {
  demoClient,
  HOST_TAG,
  ROOT,
  startDemo as startSharedDemo,
  waitFor,
} from '../e2e/demo-and-browser.mjs';

// The demo, its ports and the waits are the Chromium specs' own.
export { figure, sleep, waitFor } from '../e2e/demo-and-browser.mjs';
export { HOST_TAG, ROOT };

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The MV2 build (WXT's Firefox default) and the MV3 one, copied per run by run.mjs. */
export const MV2_DIR = process.env.LCB_FIREFOX_MV2_DIR ?? join(ROOT, '.output/firefox-mv2-e2e');
export const MV3_DIR = process.env.LCB_FIREFOX_MV3_DIR ?? join(ROOT, '.output/firefox-mv3-e2e');
export const ADDON_ID = 'live-credits-bar@meridinate.local';

/**
 * Starts the demo in this process on free ports with no simulator activity, and returns it with
 * `app(path)` and `control(path, body?, method?)` bound to it.
 */
export async function startDemo(options = {}) {
  const demo = await startSharedDemo(options);
  const { app, control } = demoClient(demo);
  return { ...demo, close: () => demo.close(), app, control };
}

/**
 * Launches firefox-esr with the extension in `extensionDir` (a temporary add-on), points it at the
 * demo (API URL, app origins, poll interval in the synced settings) and returns helpers.
 * The add-on's internal UUID is fixed through a pref, so its pages have a known address.
 */
export async function launchFirefox({ extensionDir = MV2_DIR, demo, settings = {}, prefs = {} } = {}) {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1280, height: 800 },
    // WebDriver BiDi refuses to navigate to moz-extension:// pages without this.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
      // permissions.request() answers at once (granted) instead of showing a doorhanger.
      'extensions.webextOptionalPermissionPrompts': false,
      ...prefs,
    },
  });
  const errors = [];
  // Firefox reports blocked cross-origin reads as page errors: the demo app's own fetches are
  // expected to fail that way on origins its CORS does not allow (127.0.0.2).
  const watch = (page) =>
    page.on('pageerror', (error) => {
      if (!error.message.startsWith('Cross-Origin Request Blocked'))
        errors.push(`${page.url()}: ${error.message}`);
    });
  browser.on('targetcreated', async (target) => {
    const page = await target.page().catch(() => null);
    if (page) watch(page);
  });
  for (const page of await browser.pages()) watch(page);

  const addonId = await browser.installExtension(extensionDir);
  const connection = browser.connection;
  const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const chromeContext = result.contexts[0].context;

  /** Runs `body` (an async function's source) with chrome privileges in the browser window. */
  async function chromeEval(body, arg = null) {
    const { result } = await connection.send('script.evaluate', {
      expression: `(async (arg) => { ${body} })(${JSON.stringify(arg)})`,
      target: { context: chromeContext },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`chromeEval: ${result.exceptionDetails.text}`);
    return fromBidi(result.result);
  }

  const ff = {
    browser,
    uuid,
    addonId,
    errors,
    extensionUrl: (page) => `moz-extension://${uuid}/${page}.html`,
    /** A new tab on `url`; extension pages need the BiDi command itself (Puppeteer's goto waits forever). */
    async open(url) {
      const page = await browser.newPage();
      await goto(page, url);
      return page;
    },
    /** Opens the popup (or options) page in a tab. */
    openExtensionPage(page) {
      return ff.open(ff.extensionUrl(page));
    },
    /**
     * Merges `patch` into the synced settings, from the options page (which, unlike the popup,
     * is no viewer: writing settings there starts no polling).
     */
    async setSettings(patch) {
      const tab = await ff.openExtensionPage('options');
      await tab.evaluate(async (patch) => {
        const { settings } = await browser.storage.sync.get('settings');
        await browser.storage.sync.set({ settings: { ...(settings ?? {}), ...patch } });
      }, patch);
      await tab.close();
    },
    /** 'running', 'suspending', 'stopped' or 'starting': the event page's state. */
    backgroundState() {
      return chromeEval('return WebExtensionPolicy.getByID(arg).extension.backgroundState;', addonId);
    },
    /**
     * Unloads the event page now, as Firefox does after it was idle for a while. Resolves to
     * 'stopped' once Firefox shut the page down (its test event), whatever woke it again since:
     * a bar's port reconnecting may restart it before this call returns.
     */
    terminateBackground() {
      return chromeEval(
        `const ext = WebExtensionPolicy.getByID(arg).extension;
        let shutDown = false;
        const onShutDown = () => { shutDown = true; };
        ext.on('shutdown-background-script', onShutDown);
        try { await ext.terminateBackground(); } finally { ext.off('shutdown-background-script', onShutDown); }
        return shutDown ? 'stopped' : ext.backgroundState;`,
        addonId,
      );
    },
    /**
     * Uncaught errors (exceptions, rejected promises) of the extension's own scripts: background,
     * pages and content scripts. Network errors Firefox logs for them (a WebSocket that cannot
     * connect) are left out.
     */
    extensionErrors() {
      return chromeEval(
        `return Services.console.getMessageArray()
          .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag))
          .filter((m) => m.sourceName.startsWith(arg) && m.category !== 'Web Socket')
          .map((m) => m.errorMessage + ' @ ' + m.sourceName + ':' + m.lineNumber);`,
        `moz-extension://${uuid}/`,
      );
    },
    /** Closes every tab but the first (so a failed test leaves no viewer behind). */
    async closeTabs() {
      const [, ...rest] = await browser.pages();
      await Promise.all(rest.map((page) => page.close().catch(() => {})));
    },
    /** Closes Firefox; kills it when it does not quit within 10 s (so a run never hangs here). */
    async close() {
      let timer;
      const quit = await Promise.race([
        browser.close().then(
          () => true,
          () => false,
        ),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 10_000, false);
        }),
      ]);
      clearTimeout(timer);
      if (!quit) browser.process()?.kill('SIGKILL');
    },
  };

  if (demo) {
    const appPort = new URL(demo.appUrl).port;
    await ff.setSettings({
      apiBase: demo.apiUrl,
      appOrigins: [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`],
      ...settings,
    });
  }
  return ff;
}

/** A WebDriver BiDi remote value as plain JSON (primitives, arrays, objects). */
function fromBidi(remote) {
  switch (remote.type) {
    case 'array':
      return remote.value.map(fromBidi);
    case 'object':
      return Object.fromEntries(remote.value.map(([key, value]) => [key, fromBidi(value)]));
    case 'undefined':
    case 'null':
      return null;
    default:
      return remote.value;
  }
}

/** Navigates `page` and waits for its load, for web and extension pages alike. */
export async function goto(page, url) {
  if (url.startsWith('moz-extension:')) {
    await page.mainFrame().browsingContext.navigate(url, 'complete');
    await waitFor(
      () => page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => ''),
      (s) => s === `${url} complete`,
      { what: `${url} loaded` },
    );
  } else {
    await page.goto(url);
  }
}

/** What the bar in `page` shows (null when there is none), read through its open shadow root. */
export function readBar(page) {
  return page.evaluate((tag) => {
    const root = document.querySelector(tag)?.shadowRoot;
    const bar = root?.querySelector('.lcb-bar');
    if (!root || !bar) return root ? { collapsed: true } : null;
    const item = (label) =>
      [...root.querySelectorAll('.lcb-item')]
        .find((el) => el.querySelector('.lcb-label')?.textContent === `${label}:`)
        ?.querySelector('.lcb-value')?.textContent ?? null;
    return {
      status: root.querySelector('.lcb-status-text')?.textContent ?? '',
      statusDetail: root.querySelector('.lcb-status')?.getAttribute('title') ?? '',
      scanned: item('Tokens Scanned Today'),
      credits: item('API Credits Used Today'),
      latestName: root.querySelector('.lcb-name')?.textContent ?? null,
    };
  }, HOST_TAG);
}

/** Waits until the bar in `page` is there and `accept(bar)` holds; returns what it showed. */
export function waitForBar(page, accept = () => true, options = {}) {
  return waitFor(
    () => readBar(page),
    (bar) => bar !== null && !bar.collapsed && accept(bar),
    {
      timeout: 15_000,
      what: 'the bar',
      ...options,
    },
  );
}

/** Clicks a button inside the bar by its accessible name (aria-label or text). */
export async function clickInBar(page, name) {
  const handle = await page.evaluateHandle(
    (tag, name) =>
      [...(document.querySelector(tag)?.shadowRoot?.querySelectorAll('button') ?? [])].find(
        (b) => b.getAttribute('aria-label') === name || b.textContent.trim().startsWith(name),
      ) ?? null,
    HOST_TAG,
    name,
  );
  const button = handle.asElement();
  if (!button) throw new Error(`no button “${name}” in the bar`);
  await button.click();
  await handle.dispose();
}
