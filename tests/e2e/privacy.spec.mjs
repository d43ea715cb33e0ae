// Privacy: no analytics and no third parties. Every request is recorded twice while the extension
// does everything it can do (bar on both pages, popup, options with a connection test, refreshes,
// hints, a budget notification, shortcuts): by Playwright (pages, extension pages and the service
// worker) and by Chromium's own network log, which holds every request and WebSocket of the whole
// browser with its initiator. Whatever the extension or the app's pages (where the content script
// runs) start goes to the configured app and API origins only. Chromium's own traffic (its updater,
// its account check: initiator "not an origin") is not the extension's and is left out.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  barOf,
  control,
  launchBrowser,
  openExtensionPage,
  setSettings,
  startDemo,
  waitFor,
} from './demo-and-browser.mjs';
import { test } from './fixtures.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every request (HTTP and WebSocket) in Chromium's net log, with who started it. */
function netLogRequests(file) {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && e.params?.url)
    .map((e) => ({
      initiator: e.params.initiator ?? 'none',
      url: e.params.url,
      type: e.params.request_type,
    }));
}
/** `http://localhost:5003` → itself; `ws://localhost:5003/ws` → `ws://localhost:5003`. */
const originOf = (url) => {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
};

test.describe('privacy', () => {
  let demo;
  let browser;
  let dir;
  test.afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the extension talks to the configured app and API origins only', async () => {
    demo = await startDemo({ mode: 'head' });
    dir = mkdtempSync(join(tmpdir(), 'lcb-netlog-'));
    const netLog = join(dir, 'net-log.json');
    browser = await launchBrowser({
      settings: { pollSeconds: 2 },
      args: [`--log-net-log=${netLog}`, '--net-log-capture-mode=Default'],
    });
    const appPort = new URL(demo.appUrl).port;
    const api = new URL(demo.apiUrl);
    const appOrigins = [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`];
    const allowed = new Set([
      ...appOrigins,
      api.origin,
      `ws://${api.host}`,
      // The built-in defaults are the configured origins until the harness writes this test's
      // settings (it writes them from the popup, which starts a poll).
      'http://localhost:5003',
      'ws://localhost:5003',
    ]);

    /** Requests seen by Playwright: who made them, and where to. */
    const seen = [];
    browser.context.on('request', (request) => {
      let from = 'page';
      if (request.serviceWorker()) from = 'service worker';
      else {
        try {
          if (request.frame().url().startsWith('chrome-extension://')) from = 'extension page';
        } catch {
          // A navigation before its frame exists: a page.
        }
      }
      seen.push({ from, url: request.url() });
    });
    const sockets = [];
    browser.context.on('page', (page) => page.on('websocket', (ws) => sockets.push(ws.url())));

    // Everything the extension does.
    const tokens = await browser.context.newPage();
    await tokens.goto(app('/dashboard/tokens'));
    const bar = barOf(tokens);
    await bar.region.waitFor({ timeout: 15_000 });
    const ingestion = await browser.context.newPage();
    await ingestion.goto(app('/dashboard/ingestion'));
    await barOf(ingestion).region.waitFor({ timeout: 15_000 });
    await control('/analysis', { name: 'Privacy check' });
    await bar.refresh.click();
    await bar.recentButton.click();
    const popup = await openExtensionPage(browser, 'popup');
    await popup.getByTestId('popup-chart').waitFor({ timeout: 15_000 });
    await popup.getByRole('button', { name: 'Refresh' }).click();
    const options = await openExtensionPage(browser, 'options');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await options.getByText(/^Connected\./).waitFor({ timeout: 15_000 });
    const { creditsToday } = await control('/state');
    await setSettings(browser, { budget: creditsToday + 10, badgeRefresh: true });
    await control('/charge', { credits: 20 });
    await waitFor(
      () => options.evaluate(async () => (await chrome.storage.local.get('budgetAlerts')).budgetAlerts),
      (s) => s?.notified?.includes('over'),
      { what: 'a budget notification' },
    );
    const worker = browser.context.serviceWorkers()[0];
    await worker.evaluate(() => chrome.commands.onCommand.dispatch('refresh'));
    await sleep(5_000);
    const extensionId = browser.extensionId;
    await browser.close();
    browser = null;

    // Playwright's view: the extension's own requests (service worker and extension pages) and the
    // pages', each to an allowed origin.
    const extension = seen.filter((r) => r.from !== 'page');
    assert.ok(
      extension.some((r) => r.from === 'service worker' && r.url.startsWith(api.origin)),
      'the service worker’s requests were recorded',
    );
    for (const { from, url } of seen) {
      const { protocol, origin } = new URL(url);
      if (protocol === 'chrome-extension:' || protocol === 'data:' || protocol === 'blob:') continue;
      assert.ok(allowed.has(origin), `${from} requested ${url}`);
    }
    for (const url of sockets) assert.ok(allowed.has(new URL(url).origin.replace(/^http/, 'ws')), url);

    // Chromium's view: every request, with its initiator.
    const requests = netLogRequests(netLog);
    const extensionOrigin = `chrome-extension://${extensionId}`;
    const byExtension = requests.filter((r) => r.initiator === extensionOrigin);
    assert.ok(
      byExtension.some((r) => r.url.startsWith(`${api.origin}/api/`)),
      'the net log holds the API requests',
    );
    assert.ok(
      byExtension.some((r) => r.url.startsWith(`ws://${api.host}/ws`)),
      'and the hint socket',
    );
    const byPages = requests.filter((r) => appOrigins.includes(r.initiator));
    assert.ok(byPages.length > 0, 'the app pages’ requests are in the net log');
    const foreign = [...byExtension, ...byPages].filter((r) => !allowed.has(originOf(r.url)));
    assert.deepEqual(foreign, [], 'no other origin, from the extension or the pages it runs in');
    // Nothing else started requests: no third-party page, frame or script.
    const initiators = new Set(requests.map((r) => r.initiator));
    for (const initiator of initiators) {
      assert.ok(
        initiator === extensionOrigin || appOrigins.includes(initiator) || initiator === 'not an origin',
        `unexpected initiator ${initiator}`,
      );
    }

    // And the back end saw the extension (no Origin header) only on the API paths it needs.
    const { countsByClient } = await control('/state');
    for (const path of Object.keys(countsByClient.extension ?? {})) {
      assert.match(path, /^\/(api\/|health|ws)/, path);
    }
  });
});
