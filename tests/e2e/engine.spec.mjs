// The data engine end to end, in both app versions: every figure equals the demo's truth, a hint
// brings a charge within a second, the load is flat in the number of tabs, and nobody looking
// means no requests at all.
import assert from 'node:assert/strict';
import {
  app,
  barOf,
  control,
  figure,
  launchBrowser,
  openExtensionPage,
  waitFor,
} from './demo-and-browser.mjs';
import { MOVED_PAGES, openBar, test, useDemoAndBrowser, waitForDemoCredits } from './fixtures.mjs';

const API_PATHS = ['/api/stats/credits/today', '/api/stats/credits/transactions', '/api/tokens/history'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The extension's requests per API path since the last reset: everything but the app's own pages
 * (the background fetches with host access and sends no Origin header).
 */
async function extensionCounts() {
  const { countsByClient } = await control('/state');
  const merged = {};
  for (const kind of ['extension', 'none']) {
    for (const [path, n] of Object.entries(countsByClient[kind] ?? {}))
      merged[path] = (merged[path] ?? 0) + n;
  }
  return merged;
}

/** The bar on `path` in a new tab, once it shows its first data. */
async function openBarWithData(browser, path = '/dashboard/tokens') {
  const opened = await openBar(browser, path);
  await waitFor(
    () => opened.bar.credits.textContent(),
    (t) => figure(t) > 0,
    { what: 'first data' },
  );
  return opened;
}

for (const mode of ['old', 'head']) {
  test.describe(`figures against the ${mode.toUpperCase()} app`, () => {
    const env = useDemoAndBrowser({ demo: { mode }, browser: { settings: { pollSeconds: 3 } } });

    test('the four figures equal the demo’s truth', async () => {
      await control('/analysis', { name: `Fresh ${mode} token` });
      const { bar } = await openBarWithData(env.browser);
      const truth = await waitForDemoCredits(bar);
      await waitFor(
        () => bar.scanned.textContent(),
        (t) => figure(t) === truth.tokensScannedToday,
        {
          what: `scanned ${truth.tokensScannedToday}`,
        },
      );
      assert.equal(await bar.latestName.textContent(), `Fresh ${mode} token`);
      await bar.recentButton.click();
      const [first] = await bar.events.allTextContents();
      assert.match(first, /^Analysis finished: [\d,]+ cr @ \d{1,2}:\d{2}/);
    });
  });
}

test.describe('a later app version that moved its pages', () => {
  const env = useDemoAndBrowser(MOVED_PAGES);

  test('the bar follows routes set in Options (HEAD: Tokens page gone, bot tracker instead)', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(app('/dashboard/tokens'));
    await page.waitForURL('**/dashboard/bot-tracker');
    const bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    const _truth = await waitForDemoCredits(bar);
    await page.goto(app('/dashboard/ingestion'));
    await page.waitForTimeout(1_000);
    assert.equal(await bar.host.count(), 0, 'no bar on the 404 page');
  });
});

test.describe('live and gentle', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 60 } } });

  test('a charge shows within a second of an analysis_complete hint, without waiting for the poll', async () => {
    const { page, bar } = await openBarWithData(env.browser);
    await waitFor(
      () => bar.status.textContent(),
      (t) => t.includes('Live'),
      { what: 'socket connected' },
    );
    const { creditsToday } = await control('/charge', { operation: 'market_cap_refresh', credits: 12 });
    const started = Date.now();
    await control('/broadcast', {
      event: 'analysis_complete',
      data: { job_id: 'x', token_name: 'x', token_symbol: 'X', acronym: 'X', wallets_found: 1, token_id: 1 },
    });
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) === creditsToday,
      {
        timeout: 1_000,
        interval: 50,
        what: `credits ${creditsToday} within 1 s of the hint`,
      },
    );
    assert.ok(Date.now() - started <= 1_000);
    await page.close();
  });

  test('ten tabs cost what one tab costs', async () => {
    await env.browser.close();
    env.browser = await launchBrowser({ settings: { pollSeconds: 3 } });
    const measure = async (tabs) => {
      const pages = [];
      for (let i = 0; i < tabs; i += 1)
        pages.push(
          (await openBarWithData(env.browser, i % 2 ? '/dashboard/ingestion' : '/dashboard/tokens')).page,
        );
      await sleep(1_000);
      await control('/reset-counts', {});
      // Keep bringing tabs to the front: focus changes must not add polls.
      const deadline = Date.now() + 12_000;
      let i = 0;
      while (Date.now() < deadline) {
        await pages[i % pages.length].bringToFront();
        i += 1;
        await sleep(300);
      }
      const counts = await extensionCounts();
      for (const page of pages) await page.close();
      await sleep(500);
      return counts;
    };
    const one = await measure(1);
    const ten = await measure(10);
    for (const path of API_PATHS) {
      const a = one[path] ?? 0;
      const b = ten[path] ?? 0;
      assert.ok(Math.abs(a - b) <= 1, `${path}: 1 tab ${a}, 10 tabs ${b}`);
    }
    assert.ok((one['/api/stats/credits/today'] ?? 0) >= 3, 'polling did run');
    assert.ok(
      (ten['/api/stats/credits/today'] ?? 0) <= 5,
      '12 s at a 3 s interval: at most one per interval',
    );
  });

  test('no requests at all once every bar and the popup are closed', async () => {
    const { page } = await openBarWithData(env.browser);
    const popup = await openExtensionPage(env.browser, 'popup');
    await sleep(1_000);
    await popup.close();
    await page.close();
    await sleep(1_500);
    await control('/reset-counts', {});
    await sleep(8_000);
    const { counts, wsClients } = await control('/state');
    assert.deepEqual(counts, {}, 'no request at all');
    assert.equal(wsClients, 0, 'the hint socket is closed');
  });

  test('a bar on another page (trash) does not count as someone looking', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(app('/dashboard/trash'));
    await sleep(1_500);
    await control('/reset-counts', {});
    await sleep(5_000);
    const counts = await extensionCounts();
    assert.equal(counts['/api/stats/credits/today'] ?? 0, 0);
    await page.close();
  });
});

test.describe('the shipped 30 s interval under the app’s rate limiter', () => {
  const env = useDemoAndBrowser({ demo: { rateLimit: true }, browser: { settings: { pollSeconds: 30 } } });

  test('20 tabs gaining and losing focus stay under 130 requests per hour per endpoint', async () => {
    const pages = [];
    for (let i = 0; i < 20; i += 1) {
      const page = await env.browser.context.newPage();
      await page.goto(app(i % 2 ? '/dashboard/ingestion' : '/dashboard/tokens'));
      pages.push(page);
    }
    await barOf(pages[0]).region.waitFor({ timeout: 15_000 });
    await control('/reset-counts', {});
    const started = Date.now();
    let i = 0;
    while (Date.now() - started < 45_000) {
      await pages[i % pages.length].bringToFront();
      i += 1;
      await sleep(250);
    }
    const seconds = (Date.now() - started) / 1000;
    // The app's own tabs poll too (and share the limit); count the extension's requests.
    const counts = await extensionCounts();
    // One poll per 30 s is 120 per hour; focus changes in 20 tabs may add none. A 45 s window
    // holds at most two poll ticks.
    const allowed = Math.floor(seconds / 30) + 1;
    for (const path of API_PATHS) {
      assert.ok(
        (counts[path] ?? 0) <= allowed,
        `${path}: ${counts[path]} in ${seconds.toFixed(0)} s (at most ${allowed})`,
      );
    }
    assert.ok((counts['/api/stats/credits/today'] ?? 0) >= 1, 'it did poll');
  });
});
