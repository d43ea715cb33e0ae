// The bar over HEAD's own bars (API.md §8, §9): docked directly above HEAD's bottom bar (45 px,
// 48 px with a latest token at ≥ 1024 px) without overlapping it, clear of the header status row,
// and the page's content still reachable, both on the page HEAD moved the Tokens page to and on
// the Tokens page that HEAD mode keeps while the pages are not moved.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, barOf, control, launchBrowser, ROOT, startDemo, waitFor } from './demo-and-browser.mjs';
import { MOVED_PAGES, test, useDemoAndBrowser } from './fixtures.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');

/**
 * Geometry of the bar, HEAD's bottom bar (told from OLD's by its "Scanned Today" item), the header
 * status row and the viewport, plus what is on top in the middle of HEAD's bar.
 */
async function layout(page) {
  return page.evaluate(() => {
    const host = document.querySelector('meridinate-live-credits-bar');
    const bar = host?.shadowRoot?.querySelector('.lcb-bar');
    const fixed = [...document.querySelectorAll('div.fixed.bottom-0')];
    const appBar = fixed.find((el) => el.textContent?.includes('Scanned Today:'));
    const row = [...document.querySelectorAll('div.h-12')].find((el) =>
      el.textContent?.includes('Helius Credits Today'),
    );
    const rect = (el) => (el ? el.getBoundingClientRect().toJSON() : null);
    // A grid of points over an element (top, middle, bottom; left, centre, right): whether every
    // one hits that element itself, not something drawn over it.
    const onTop = (el, owns) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      for (const fx of [0.1, 0.5, 0.9]) {
        for (const y of [r.top + 2, r.top + r.height / 2, r.bottom - 2]) {
          const hit = document.elementFromPoint(r.left + r.width * fx, y);
          if (hit === null || !owns(hit)) return false;
        }
      }
      return true;
    };
    // The bar sits below z-index 50 (the app's dialogs cover it), so an overlap would hide part of
    // it behind HEAD's bar: both must be fully visible, but for the app's own toasts (after an
    // analysis), which sit above everything.
    const toast = (hit) => hit.closest('[data-sonner-toaster]') !== null;
    const appBarOnTop = onTop(appBar, (hit) => appBar.contains(hit) || toast(hit));
    const barOnTop = onTop(bar, (hit) => hit === host || toast(hit));
    return {
      bar: rect(bar),
      appBar: rect(appBar),
      fixedBottomBars: fixed.length,
      row: rect(row),
      appBarOnTop,
      barOnTop,
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}

const docked = (l, height) =>
  l.bar !== null &&
  l.appBar !== null &&
  Math.round(l.appBar.height) === height &&
  Math.abs(l.bar.bottom - l.appBar.top) <= 1;

/** Opens `path` and waits for the bar docked above HEAD's `height` px bar; returns the layout. */
async function openDocked(page, path, what, height = 48) {
  await page.goto(app(path));
  await barOf(page).region.waitFor({ timeout: 15_000 });
  return waitFor(
    () => layout(page),
    (x) => docked(x, height),
    { what },
  );
}

/** The checks that make "docked" mean what it should, at the current viewport. */
function assertDocked(l, height, where) {
  assert.equal(l.fixedBottomBars, 1, `${where}: HEAD's bar is the app's only bottom bar`);
  assert.equal(Math.round(l.appBar.height), height, `${where}: HEAD's bar is ${height} px`);
  assert.equal(Math.round(l.appBar.bottom), l.viewport.height, `${where}: HEAD's bar at the bottom`);
  assert.equal(Math.round(l.appBar.width), l.viewport.width, `${where}: HEAD's bar full width`);
  assert.ok(l.bar.bottom <= l.appBar.top + 0.5, `${where}: no overlap (${l.bar.bottom} > ${l.appBar.top})`);
  assert.ok(l.appBar.top - l.bar.bottom <= 1, `${where}: no gap (${l.bar.bottom} vs ${l.appBar.top})`);
  assert.ok(l.appBarOnTop, `${where}: nothing covers HEAD's bar`);
  assert.ok(l.barOnTop, `${where}: nothing covers the bar`);
  assert.ok(l.row && l.row.bottom <= l.bar.top, `${where}: the header status row is clear of the bar`);
}

/** Scrolls the app's scroll container to its end; the end of the content must be above the bar. */
async function assertContentReachable(page, where) {
  const r = await page.evaluate(() => {
    const main = document.querySelector('main[data-slot="sidebar-inset"]');
    main.scrollTop = main.scrollHeight;
    const end = document.getElementById('content-end').getBoundingClientRect();
    const host = document.querySelector('meridinate-live-credits-bar');
    const bar = host.shadowRoot.querySelector('.lcb-bar').getBoundingClientRect();
    const under = document.elementFromPoint(end.left + 4, end.top + end.height / 2);
    return { endBottom: end.bottom, barTop: bar.top, visible: under?.id === 'content-end' };
  });
  assert.ok(r.endBottom <= r.barTop, `${where}: content end (${r.endBottom}) above the bar (${r.barTop})`);
  assert.ok(r.visible, `${where}: the content end is what is there, uncovered`);
}

test.describe('HEAD’s bars with the pages moved (--head-pages)', () => {
  const env = useDemoAndBrowser(MOVED_PAGES);
  let page;
  test.beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    page = await env.browser.context.newPage();
  });

  test('docks directly above HEAD’s 48 px bar on the bot tracker and follows it to 45 px', async () => {
    let l = await openDocked(page, '/dashboard/bot-tracker', 'docked above HEAD’s 48 px bar');
    assertDocked(l, 48, 'bot tracker');
    await page.screenshot({ path: join(SHOTS, 'head-bot-tracker.png') });

    // Below 1024 px HEAD's bar drops its latest token and is 45 px tall: the bar follows.
    await page.setViewportSize({ width: 900, height: 800 });
    l = await waitFor(
      () => layout(page),
      (x) => docked(x, 45),
      { what: 'docked above HEAD’s 45 px bar' },
    );
    assertDocked(l, 45, 'bot tracker at 900 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitFor(
      () => layout(page),
      (x) => docked(x, 48),
      { what: 'docked above the 48 px bar again' },
    );
  });

  test('stays put while HEAD’s header counts down every second', async () => {
    await openDocked(page, '/dashboard/bot-tracker', 'docked');
    // Sample the bar's offset every frame for 2.5 s: the countdown's text changes must not move it.
    const bottoms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const bar = document
            .querySelector('meridinate-live-credits-bar')
            .shadowRoot.querySelector('.lcb-bar');
          const seen = [];
          const started = performance.now();
          const tick = () => {
            seen.push(innerHeight - bar.getBoundingClientRect().bottom);
            if (performance.now() - started < 2_500) requestAnimationFrame(tick);
            else resolve(seen);
          };
          requestAnimationFrame(tick);
        }),
    );
    assert.ok(bottoms.length > 10, 'frames were sampled');
    assert.ok(
      bottoms.every((b) => Math.abs(b - 48) <= 1),
      `the bar stayed above HEAD’s bar (${[...new Set(bottoms.map(Math.round))]})`,
    );
  });

  test('the bot tracker’s content stays reachable above both bars', async () => {
    await openDocked(page, '/dashboard/bot-tracker', 'docked');
    await assertContentReachable(page, 'bot tracker');
  });

  test('docks the same way on the wallets page (the other route)', async () => {
    const l = await openDocked(page, '/dashboard/wallets', 'docked on the wallets page');
    assertDocked(l, 48, 'wallets');
    await assertContentReachable(page, 'wallets');
  });
});

test.describe('HEAD’s bars on the Tokens page (HEAD mode, pages not moved)', () => {
  let demo;
  let browser;
  test.afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('docks above HEAD’s bar with the default routes, through a new analysis', async () => {
    demo = await startDemo({ mode: 'head' });
    browser = await launchBrowser({ settings: { pollSeconds: 3 } });
    const page = await browser.context.newPage();
    let l = await openDocked(page, '/dashboard/tokens', 'docked above HEAD’s bar on the Tokens page');
    assertDocked(l, 48, 'tokens');
    await assertContentReachable(page, 'tokens');

    // HEAD's bar stays mounted through the list's reload and picks the token up on Refresh.
    await control('/analysis', { name: 'Head bar coin' });
    await page.locator('div.fixed.bottom-0').getByRole('button', { name: 'Refresh' }).click();
    await waitFor(
      () => page.locator('div.fixed.bottom-0').textContent(),
      (t) => t.includes('Head bar coin'),
      { what: 'HEAD’s bar shows the new token' },
    );
    l = await layout(page);
    assertDocked(l, 48, 'tokens after an analysis');
  });
});
