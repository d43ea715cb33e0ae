// The bar as an overlay that respects the app: docking above the app's own bar and following it,
// the page's content still reachable, the app's dialogs above the bar, dark mode, no duplicates;
// the popup's states and the options page. Screenshots of each are saved for review.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  barOf,
  control,
  figure,
  launchBrowser,
  openExtensionPage,
  ROOT,
  startDemo,
  waitFor,
} from './demo-and-browser.mjs';
import { test, useDemoAndBrowser } from './fixtures.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Geometry of the bar, the app's own bar and the viewport. */
async function layout(page) {
  return page.evaluate(() => {
    const host = document.querySelector('meridinate-live-credits-bar');
    const bar = host?.shadowRoot?.querySelector('.lcb-bar, .lcb-pill');
    const appBar = [...document.querySelectorAll('div.fixed.bottom-0.border-t')].find((el) =>
      el.textContent?.includes('Tokens Scanned'),
    );
    const rect = (el) => (el ? el.getBoundingClientRect().toJSON() : null);
    return { bar: rect(bar), appBar: rect(appBar), viewport: { width: innerWidth, height: innerHeight } };
  });
}

test.describe('the bar in the app’s layout', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 3 } } });
  let page;
  test.beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    page = await env.browser.context.newPage();
  });

  test('docks directly above the app’s bar and follows its height', async () => {
    await page.goto(app('/dashboard/tokens'));
    const bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    await waitFor(
      () => layout(page),
      (l) => l.appBar && Math.abs(l.bar.bottom - l.appBar.top) <= 1,
      {
        what: 'docked above the app bar',
      },
    );
    let l = await layout(page);
    assert.equal(Math.round(l.appBar.height), 48);
    assert.ok(l.bar.height <= 33, `one compact row (${l.bar.height} px)`);
    await page.screenshot({ path: join(SHOTS, 'tokens-light.png') });

    // Narrower than 1024 px the app's bar is 37 px tall: the bar follows.
    await page.setViewportSize({ width: 900, height: 800 });
    await waitFor(
      () => layout(page),
      (x) => x.appBar && Math.round(x.appBar.height) === 37 && Math.abs(x.bar.bottom - x.appBar.top) <= 1,
      {
        what: 'docked above a 37 px app bar',
      },
    );
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitFor(
      () => layout(page),
      (x) => x.appBar && Math.round(x.appBar.height) === 48 && Math.abs(x.bar.bottom - x.appBar.top) <= 1,
      {
        what: 'docked above the 48 px app bar again',
      },
    );

    // The app unmounts its bar for a moment while it refetches after an analysis: the bar must
    // not jump down and back (layout shift), and must be docked after the remount.
    await page.evaluate(() => {
      // Sample every frame in the page, and note any removal of the app's bar.
      const w = window;
      w.__dock = { removed: false, bottoms: [], on: true };
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.removedNodes)
            if (n.nodeType === 1 && n.matches('div.fixed.bottom-0.border-t')) w.__dock.removed = true;
        }
      }).observe(document.body, { childList: true, subtree: true });
      const host = document.querySelector('meridinate-live-credits-bar');
      const tick = () => {
        if (!w.__dock.on) return;
        w.__dock.bottoms.push(
          innerHeight - host.shadowRoot.querySelector('.lcb-bar').getBoundingClientRect().bottom,
        );
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await control('/analysis', { name: 'Remount test' });
    await sleep(1_500);
    const dock = await page.evaluate(() => {
      window.__dock.on = false;
      return window.__dock;
    });
    assert.ok(dock.removed, 'the app bar did unmount meanwhile');
    assert.ok(dock.bottoms.length > 10, 'frames were sampled');
    assert.ok(
      dock.bottoms.every((b) => Math.abs(b - 48) <= 1),
      `the bar stayed put through the brief unmount (${[...new Set(dock.bottoms.map(Math.round))]})`,
    );
    l = await layout(page);
    assert.ok(l.appBar && Math.abs(l.bar.bottom - l.appBar.top) <= 1, 'docked after the remount');

    // An app bar that goes for good: the bar follows it down after a short grace.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('div.fixed.bottom-0.border-t')) el.remove();
    });
    await waitFor(
      () => layout(page),
      (x) => x.appBar === null && Math.abs(x.bar.bottom - x.viewport.height) <= 1,
      {
        timeout: 3_000,
        what: 'at the bottom once the app bar is gone',
      },
    );
  });

  test('on page load the bar shows only where it stays: first visit and remembered', async () => {
    // Every frame from the start of the page: where the bar is while it is visible.
    const sampler = await env.browser.context.newPage();
    await sampler.addInitScript(() => {
      if (!/^https?:$/.test(location.protocol)) return;
      const w = window;
      w.__load = { shown: [], hiddenFrames: 0 };
      const tick = () => {
        const host = document.querySelector('meridinate-live-credits-bar');
        const bar = host?.shadowRoot?.querySelector('.lcb-bar');
        if (bar && host.hasAttribute('data-docking')) w.__load.hiddenFrames += 1;
        else if (bar) w.__load.shown.push(Math.round(innerHeight - bar.getBoundingClientRect().bottom));
        if (w.__load.shown.length < 120) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const forget = async () => {
      const tab = await openExtensionPage(env.browser, 'popup');
      await tab.evaluate(() => chrome.storage.local.remove('dockHeights'));
      await tab.close();
    };
    const load = async () => {
      await sampler.goto(app('/dashboard/tokens'));
      await waitFor(
        () => sampler.evaluate(() => window.__load.shown.length),
        (n) => n >= 120,
        { what: '120 frames of the bar' },
      );
      return sampler.evaluate(() => window.__load);
    };
    const remembered = async () => {
      const tab = await openExtensionPage(env.browser, 'popup');
      const heights = await tab.evaluate(
        async () => (await chrome.storage.local.get('dockHeights')).dockHeights,
      );
      await tab.close();
      return heights;
    };

    await forget();
    const first = await load();
    assert.ok(first.hiddenFrames > 0, 'first visit: hidden until the app bar was measured');
    assert.deepEqual([...new Set(first.shown)], [48], 'first visit: shown docked, never moved');
    const key = `${new URL(app('/')).origin} tokens`;
    const heights = await waitFor(remembered, (h) => h?.[key] === 48, { what: 'the height remembered' });
    assert.equal(heights[key], 48);

    const again = await load();
    assert.equal(again.hiddenFrames, 0, 'next visit: shown from the first frame');
    assert.deepEqual([...new Set(again.shown)], [48], 'next visit: docked from the first frame, never moved');
    await sampler.close();
  });

  test('sits at the bottom when the app has no bar, and the content end stays reachable', async () => {
    for (const path of ['/dashboard/ingestion', '/dashboard/tokens']) {
      await page.goto(app(path));
      await barOf(page).region.waitFor({ timeout: 15_000 });
      await sleep(300);
      const result = await page.evaluate(() => {
        const main = document.querySelector('main[data-slot="sidebar-inset"]');
        main.scrollTop = main.scrollHeight;
        const end = document.getElementById('content-end').getBoundingClientRect();
        const host = document.querySelector('meridinate-live-credits-bar');
        const bar = host.shadowRoot.querySelector('.lcb-bar').getBoundingClientRect();
        return { endBottom: end.bottom, barTop: bar.top, barBottom: bar.bottom, height: innerHeight };
      });
      assert.ok(
        result.endBottom <= result.barTop,
        `${path}: content end (${result.endBottom}) above the bar (${result.barTop})`,
      );
      if (path === '/dashboard/ingestion') assert.equal(Math.round(result.barBottom), result.height);
    }
    await page.goto(app('/dashboard/ingestion'));
    await barOf(page).region.waitFor();
    await page.screenshot({ path: join(SHOTS, 'ingestion-light.png') });
  });

  test('the app’s dialog covers the bar', async () => {
    await page.goto(app('/dashboard/tokens'));
    await barOf(page).region.waitFor({ timeout: 15_000 });
    await page.click('#open-dialog');
    await page.locator('#demo-dialog').waitFor();
    const top = await page.evaluate(() => {
      const host = document.querySelector('meridinate-live-credits-bar');
      const rect = host.shadowRoot.querySelector('.lcb-bar').getBoundingClientRect();
      const el = document.elementFromPoint(rect.left + 200, rect.top + rect.height / 2);
      return el?.closest('#demo-dialog') ? 'dialog' : el?.tagName;
    });
    assert.equal(top, 'dialog');
    await page.keyboard.press('Escape');
  });

  test('follows the app’s dark mode live', async () => {
    await page.goto(app('/dashboard/tokens'));
    const bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    const background = () => bar.region.evaluate((el) => getComputedStyle(el).backgroundColor);
    const light = await background();
    await page.click('#theme-toggle');
    await waitFor(
      () => bar.host.getAttribute('data-theme'),
      (t) => t === 'dark',
      { what: 'dark theme' },
    );
    const dark = await background();
    assert.notEqual(dark, light);
    await page.screenshot({ path: join(SHOTS, 'tokens-dark.png') });
    await bar.recentButton.click();
    await bar.popover.waitFor();
    await page.screenshot({ path: join(SHOTS, 'tokens-dark-popover.png') });
    await page.keyboard.press('Escape');
    await page.goto(app('/dashboard/ingestion?theme=dark'));
    await bar.region.waitFor();
    await page.screenshot({ path: join(SHOTS, 'ingestion-dark.png') });
    await page.goto(app('/dashboard/tokens?theme=light'));
  });

  test('the popover works from the keyboard', async () => {
    await page.goto(app('/dashboard/tokens'));
    const bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    await bar.recentButton.focus();
    await page.keyboard.press('Enter');
    await bar.popover.waitFor();
    assert.equal(await bar.recentButton.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    await bar.popover.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MERIDINATE-LIVE-CREDITS-BAR');
    await page.keyboard.press(' ');
    await bar.popover.waitFor();
    await page.mouse.click(400, 300);
    await bar.popover.waitFor({ state: 'detached' });
  });

  test('collapses to a pill, remembered across pages', async () => {
    await page.goto(app('/dashboard/tokens'));
    const bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    await bar.collapse.click();
    await bar.pill.waitFor();
    await page.screenshot({ path: join(SHOTS, 'tokens-collapsed.png') });
    await page.goto(app('/dashboard/ingestion'));
    await bar.pill.waitFor({ timeout: 15_000 });
    await bar.pill.click();
    await bar.region.waitFor();
  });

  test('no duplicate bar after 20 rapid client-side navigations', async () => {
    await page.goto(app('/dashboard/tokens'));
    await barOf(page).region.waitFor({ timeout: 15_000 });
    const links = ['Trash', 'Tokens', 'Ingestion', 'Token detail', 'Tokens'];
    for (let i = 0; i < 20; i += 1) {
      await page.getByRole('link', { name: links[i % links.length], exact: true }).click();
      await sleep(20 + (i % 3) * 15);
    }
    await page.getByRole('link', { name: 'Tokens', exact: true }).click();
    await sleep(800);
    assert.equal(await page.locator('meridinate-live-credits-bar').count(), 1);
    assert.equal(await barOf(page).region.count(), 1);
  });
});

test.describe('the bar after a failure', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 3 } } });

  test('says when it retries and what to do without hovering, shortened where narrow', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(app('/dashboard/tokens'));
    const bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    await control('/fault', { target: 'all', kind: 'down' });
    const next = bar.host.locator('.lcb-next');
    try {
      const said = await waitFor(
        () => next.textContent().catch(() => ''),
        (t) => /^Retrying in \d+ (s|min)\. Is Meridinate running\? Check the API URL in Options\.$/.test(t),
        { what: 'the next step beside the status', timeout: 20_000 },
      );
      assert.ok(said);
      const drawn = (locator) =>
        locator.evaluate((el) => getComputedStyle(el, '::before').content.replace(/^"|"$/g, ''));
      const fits = () => bar.region.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
      const inside = async (width) => {
        const box = await next.boundingBox();
        return Boolean(box && box.width > 0 && box.x + box.width <= width);
      };

      // Wide: the whole sentence.
      await page.setViewportSize({ width: 1500, height: 800 });
      assert.match(await drawn(next), /^(none|normal)$/);
      assert.ok(await inside(1500), 'visible, not only in a tooltip');
      assert.ok(await fits(), 'the bar holds its content at 1500 px');
      await page.screenshot({ path: join(SHOTS, 'tokens-error-wide.png') });

      // 1280 px: when, and what to do, in short (the full words stay the accessible text).
      await page.setViewportSize({ width: 1280, height: 800 });
      assert.match(await drawn(next), /^retry in \d+ (s|min) · is Meridinate running\?$/);
      assert.ok(await inside(1280));
      assert.ok(await fits(), 'the bar holds its content at 1280 px');
      assert.ok((await bar.latestName.boundingBox()).width >= 20, 'the latest name keeps some room');
      await page.screenshot({ path: join(SHOTS, 'tokens-error.png') });

      // Narrow: the retry alone, and the short labels.
      await page.setViewportSize({ width: 900, height: 800 });
      assert.match(await drawn(next), /^retry in \d+ (s|min)$/);
      const shortLabels = bar.host.locator('.lcb-label[data-short]');
      assert.equal(await drawn(shortLabels.nth(0)), 'Scanned Today:');
      assert.equal(await drawn(shortLabels.nth(1)), 'Credits Today:');
      assert.ok(await inside(900));
      assert.ok(await fits(), 'the bar holds its content at 900 px');
      const nameWidth = (await bar.latestName.boundingBox()).width;
      assert.ok(nameWidth >= 40, `the latest name keeps a few letters at 900 px (${nameWidth} px)`);
      await page.screenshot({ path: join(SHOTS, 'tokens-error-narrow.png') });
    } finally {
      await control('/fault', undefined, 'DELETE');
    }
    await waitFor(
      () => next.count(),
      (n) => n === 0,
      { what: 'the next step gone after recovery', timeout: 20_000 },
    );
  });
});

test.describe('popup states', () => {
  let demo;
  let browser;
  test.afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('offline from the start, then data, in light and dark', async () => {
    demo = await startDemo();
    await control('/fault', { target: 'all', kind: 'down' });
    browser = await launchBrowser({ settings: { pollSeconds: 3 } });
    const popup = await openExtensionPage(browser, 'popup');
    await waitFor(
      () => popup.locator('.popup-status strong').textContent(),
      (t) => /unreachable/.test(t),
      {
        what: 'offline status',
      },
    );
    assert.match(await popup.locator('.popup-status p').textContent(), /Check the API URL in Options/);
    assert.equal(await popup.getByTestId('popup-credits').textContent(), '—');
    await popup.screenshot({ path: join(SHOTS, 'popup-offline.png') });
    await control('/fault', undefined, 'DELETE');
    await popup.getByRole('button', { name: 'Refresh' }).click();
    const truth = await control('/state');
    await waitFor(
      () => popup.getByTestId('popup-credits').textContent(),
      (t) => figure(t) === truth.creditsToday,
      {
        timeout: 15_000,
        what: 'credits after recovery',
      },
    );
    await popup.screenshot({ path: join(SHOTS, 'popup-light.png') });
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: join(SHOTS, 'popup-dark.png') });
  });
});

test.describe('options', () => {
  const env = useDemoAndBrowser();

  test('invalid input gets an inline message and is not saved', async () => {
    const options = await openExtensionPage(env.browser, 'options');
    await options.fill('#pollSeconds', '5000');
    await options.fill('#apiBase', 'localhost:5003');
    await options.getByRole('button', { name: 'Save' }).click();
    assert.match(await options.locator('#pollSeconds-error').textContent(), /from \d+ to 300/);
    assert.match(await options.locator('#apiBase-error').textContent(), /http\(s\) URL/);
    const stored = await options.evaluate(async () => (await chrome.storage.sync.get('settings')).settings);
    assert.notEqual(stored.pollSeconds, 5000);
    assert.equal(stored.apiBase, env.demo.apiUrl);
    await options.screenshot({ path: join(SHOTS, 'options-invalid.png'), fullPage: true });
  });

  test('Test connection reports the version and endpoints', async () => {
    const options = await openExtensionPage(env.browser, 'options');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await options.getByText('Connected. Version: OLD.').waitFor({ timeout: 10_000 });
    await options.screenshot({ path: join(SHOTS, 'options.png'), fullPage: true });
  });

  test('a custom app origin gets the bar through a run-time content script', async () => {
    const port = new URL(env.demo.appUrl).port;
    const custom = `http://127.0.0.2:${port}`;
    const options = await openExtensionPage(env.browser, 'options');
    const origins = await options.inputValue('#appOrigins');
    await options.fill('#appOrigins', `${origins}\n${custom}`);
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    const page = await env.browser.context.newPage();
    await waitFor(
      async () => {
        await page.goto(`${custom}/dashboard/tokens`);
        return barOf(page).region.count();
      },
      (n) => n === 1,
      { timeout: 10_000, interval: 1_000, what: 'the bar on the custom origin' },
    );
  });
});
