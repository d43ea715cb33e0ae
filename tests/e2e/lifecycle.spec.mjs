// The extension's own lifecycle, end to end: the MV3 worker stopped in the middle of a fetch, the
// extension updated with app tabs open, the browser offline and back, and the back/forward cache.
// This browser keeps what Playwright turns off by default (the back/forward cache, re-loading
// extensions) and runs a private copy of the build, so the spec can update it in place.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  barOf,
  barStatus,
  demoClient,
  EXTENSION_DIR,
  figure,
  launchFor,
  readExtensionStorage,
  requestTimes,
  sleep,
  startDemo,
  waitFor,
} from './demo-and-browser.mjs';
import { CREDITS_TODAY, HEALTHY, test } from './fixtures.mjs';

const POLL_S = 2;

test.describe('extension lifecycle', () => {
  test.describe.configure({ mode: 'serial' });
  let demo;
  let client;
  let browser;
  let extensionDir;
  /** The Tokens tab, open throughout. */
  let page;
  let bar;

  const snapshot = async () => (await readExtensionStorage(browser, 'snapshot')).snapshot;
  const healthy = (timeout = 15_000) =>
    waitFor(
      () => barStatus(bar),
      (s) => HEALTHY.test(s.label),
      { timeout, what: 'a live bar' },
    );

  test.beforeAll(async () => {
    demo = await startDemo();
    client = demoClient(demo);
    extensionDir = mkdtempSync(join(tmpdir(), 'lcb-lifecycle-'));
    cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
    browser = await launchFor(demo, { settings: { pollSeconds: POLL_S }, extensionDir, lifecycle: true });
    page = await browser.context.newPage();
    await page.goto(client.app('/dashboard/tokens'));
    bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    const truth = await client.state();
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) === truth.creditsToday,
      {
        what: 'first data',
      },
    );
  });

  test.afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  test('the worker stopped in the middle of a fetch restarts with the snapshot intact and one poll loop', async () => {
    await healthy();
    const known = await snapshot();
    const shown = await bar.credits.textContent();
    // A CDP session on an extension page sees the extension's service worker.
    await readExtensionStorage(browser, 'snapshot');
    const cdp = await browser.context.newCDPSession(browser.storagePage);
    const states = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) if (v.scriptURL.endsWith('/background.js')) states.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');

    await client.fault('all', 'slow', { ms: 6_000 });
    await waitFor(
      () => barStatus(bar),
      (s) => s.busy,
      { what: 'a fetch in flight' },
    );
    await cdp.send('ServiceWorker.stopAllWorkers');
    await client.clearFaults();
    await waitFor(
      () => states.join(','),
      (s) => /stopped.*running/.test(s),
      { what: 'the worker stopped and started again' },
    );

    // The views keep what they knew, with its age, and the new worker does not inherit a
    // "fetch running" flag from the one that was stopped.
    assert.equal(await bar.credits.textContent(), shown);
    const after = await waitFor(snapshot, (s) => s.updating === null, { what: 'no fetch marked running' });
    assert.equal(after.credits.total, known.credits.total);
    assert.equal(after.latest?.name, known.latest?.name);
    assert.ok(after.events.length >= known.events.length);
    const status = await healthy();
    assert.match(status.detail, /^Updated /, 'the age of the data is shown');

    // Polling resumed, once: about one request per interval, not two loops' worth.
    const charge = await client.control('/charge', { operation: 'wallet_refresh', credits: 5 });
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) === charge.creditsToday,
      {
        what: 'polling resumed',
      },
    );
    // Counted from the extension's own request log (the app's page polls the same endpoint).
    const from = Date.now();
    await sleep(5 * POLL_S * 1000);
    const to = Date.now();
    await sleep(POLL_S * 1000); // A request is logged when its refresh ends.
    const requests = (await requestTimes(browser, CREDITS_TODAY, from)).filter((t) => t < to).length;
    assert.ok(requests >= 3 && requests <= 6, `one loop: 3–6 requests in 5 intervals, got ${requests}`);
    await cdp.detach();
  });

  test('the extension updated with tabs open: the old bars go, one bar per tab', async () => {
    const ingestion = await browser.context.newPage();
    await ingestion.goto(client.app('/dashboard/ingestion'));
    await barOf(ingestion).region.waitFor({ timeout: 15_000 });
    const trash = await browser.context.newPage();
    await trash.goto(client.app('/dashboard/trash'));
    const tabs = [page, ingestion];
    for (const tab of [...tabs, trash]) {
      // Count the bars in each tab after every change to the page, and mark the current ones.
      await tab.evaluate(() => {
        const count = () => document.querySelectorAll('meridinate-live-credits-bar').length;
        window.__lcbMaxBars = count();
        new MutationObserver(() => {
          window.__lcbMaxBars = Math.max(window.__lcbMaxBars, count());
        }).observe(document.documentElement, { childList: true, subtree: true });
        for (const host of document.querySelectorAll('meridinate-live-credits-bar')) host.dataset.old = '1';
      });
    }

    const manifestPath = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '99.0.0' }));
    const cdp = await browser.context.browser().newBrowserCDPSession();
    const { id } = await cdp.send('Extensions.loadUnpacked', { path: extensionDir });
    assert.equal(id, browser.extensionId, 'the same extension, updated in place');
    browser.storagePage = null; // Extension pages close when the extension reloads.

    for (const tab of tabs) {
      await waitFor(
        () =>
          tab.evaluate(() => ({
            old: document.querySelectorAll('meridinate-live-credits-bar[data-old]').length,
            fresh: document.querySelectorAll('meridinate-live-credits-bar:not([data-old])').length,
          })),
        (n) => n.old === 0 && n.fresh === 1,
        { timeout: 10_000, what: 'the old bar gone and one new bar' },
      );
      assert.equal(await tab.evaluate(() => window.__lcbMaxBars), 1, 'never two bars at once');
      await waitFor(
        () => barStatus(barOf(tab)),
        (s) => HEALTHY.test(s.label),
        { what: 'the new bar live' },
      );
    }
    const live = await readExtensionStorage(browser, 'snapshot');
    assert.ok(live.snapshot.credits, 'the snapshot survived the update');
    assert.equal(await browser.storagePage.evaluate(() => chrome.runtime.getManifest().version), '99.0.0');
    // A tab on another page got the new script too: client-side navigation brings its bar.
    assert.equal(await trash.locator('meridinate-live-credits-bar').count(), 0);
    await trash.getByRole('link', { name: 'Tokens' }).first().click();
    await barOf(trash).region.waitFor({ timeout: 5_000 });
    assert.equal(await trash.locator('meridinate-live-credits-bar').count(), 1);
    await ingestion.close();
    await trash.close();
    await cdp.detach();
  });

  test('browser offline and back', async () => {
    await healthy();
    const shown = await bar.credits.textContent();
    // Playwright's offline switch reaches the pages and, here, the extension's service worker (it
    // is attached to it); a real network loss may not reach a worker the same way, so the back end
    // is also made unreachable with the demo's `down` fault.
    await browser.context.setOffline(true);
    await client.fault('all', 'down');
    try {
      await waitFor(
        () => barStatus(bar),
        (s) => s.label === 'Back end unreachable',
        {
          timeout: (POLL_S + 3) * 1000,
          what: 'unreachable',
        },
      );
      assert.equal(await bar.credits.textContent(), shown, 'the last good figures stay');
      assert.ok((await bar.host.locator('.lcb-stale').count()) >= 3, 'marked stale');
      await sleep(3_000);
    } finally {
      await browser.context.setOffline(false);
      await client.clearFaults();
    }
    const backAt = Date.now();
    await healthy(40_000);
    const s = await snapshot();
    assert.ok(s.updatedAt > backAt, 'fresh data after coming back');
  });

  test('back/forward cache: the restored page reconnects, one bar', async () => {
    // The demo's pages say `Cache-Control: no-store` (and open a WebSocket), which keeps them out
    // of the back/forward cache, as with many apps; remove the header so this page can enter it.
    await page.route(`${client.app('/dashboard/')}**`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cache-control'];
      await route.fulfill({ response, headers });
    });
    await page.goto(client.app('/dashboard/tokens'));
    await bar.region.waitFor({ timeout: 15_000 });
    await healthy();
    await page.evaluate(() => {
      window.__lcbBeforeBack = true;
    });
    // Another origin, where the content script runs but shows no bar: nobody looks, no polling.
    const other = new URL(client.app('/dashboard/trash'));
    other.hostname = '127.0.0.1';
    await page.goto(other.href);
    await sleep(1_000);
    await page.goBack({ waitUntil: 'commit' });
    await bar.region.waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__lcbBeforeBack === true), true, 'restored from the cache');
    assert.equal(await page.locator('meridinate-live-credits-bar').count(), 1);
    // The restored bar is the only view: polling resumes only if it connected again.
    const charge = await client.control('/charge', { operation: 'market_cap_refresh', credits: 12 });
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) === charge.creditsToday,
      {
        timeout: (POLL_S + 4) * 1000,
        what: 'polling after the restore',
      },
    );

    // Without the cache (the header left alone), Back loads the page again: still one bar.
    await page.unrouteAll();
    await page.goto(client.app('/dashboard/tokens'));
    await bar.region.waitFor({ timeout: 10_000 });
    await page.evaluate(() => {
      window.__lcbBeforeBack = true;
    });
    await page.goto(other.href);
    await page.goBack();
    await bar.region.waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__lcbBeforeBack), undefined, 'a fresh page');
    assert.equal(await page.locator('meridinate-live-credits-bar').count(), 1);
    await healthy();
  });

  test('nothing threw in any context', async () => {
    assert.deepEqual(await browser.errors.collect(), []);
  });
});
