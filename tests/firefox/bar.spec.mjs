// The product in Firefox (MV2 build, WXT's default): the bar on both target pages and not
// elsewhere, client-side navigation, a live update after a charge, the popup, the overlay switch,
// and the event page unloading and coming back.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  clickInBar,
  figure,
  HOST_TAG,
  launchFirefox,
  MV2_DIR,
  ROOT,
  readBar,
  sleep,
  startDemo,
  waitFor,
  waitForBar,
} from './harness.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');

describe('Firefox MV2: the bar, the popup and the event page', () => {
  let demo;
  let ff;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemo();
    ff = await launchFirefox({ extensionDir: MV2_DIR, demo, settings: { pollSeconds: 3 } });
  });

  afterEach(() => ff?.closeTabs());

  after(async () => {
    await ff?.close();
    await demo?.close();
  });

  test('the bar shows the demo’s figures on the Tokens page', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    const truth = await demo.control('/state');
    const bar = await waitForBar(page, (b) => figure(b.credits) === truth.creditsToday, {
      what: `credits ${truth.creditsToday}`,
    });
    assert.equal(figure(bar.scanned), truth.tokensScannedToday);
    assert.ok(bar.latestName?.length > 0, 'latest token name shown');
    await page.screenshot({ path: join(SHOTS, 'firefox-tokens-light.png') });
    await page.close();
  });

  test('the bar is on the Ingestion page too, and not on other pages', async () => {
    const page = await ff.open(demo.app('/dashboard/ingestion'));
    await waitForBar(page);
    for (const path of ['/dashboard/trash', '/dashboard/tokens/8']) {
      await page.goto(demo.app(path));
      await sleep(1500);
      assert.equal(await readBar(page), null, `no bar on ${path}`);
    }
    await page.close();
  });

  test('client-side navigation removes the bar and brings it back', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    await waitForBar(page);
    const trash = await page.waitForSelector('.sidebar-nav a[href="/dashboard/trash"]');
    await trash.click();
    await waitFor(
      () => page.evaluate(() => location.pathname),
      (p) => p === '/dashboard/trash',
      { what: 'pushState to Trash' },
    );
    await waitFor(
      () => page.evaluate((tag) => document.querySelectorAll(tag).length, HOST_TAG),
      (n) => n === 0,
      { timeout: 5_000, what: 'the bar removed on Trash' },
    );
    await page.evaluate(() => history.back());
    await waitFor(
      () => page.evaluate(() => location.pathname),
      (p) => p === '/dashboard/tokens',
      { what: 'back to Tokens' },
    );
    await waitForBar(page, undefined, { timeout: 5_000 });
    assert.equal(await page.evaluate((tag) => document.querySelectorAll(tag).length, HOST_TAG), 1);
    await page.close();
  });

  test('a charge reaches the bar by polling alone (every 3 s)', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    await waitForBar(page, (b) => figure(b.credits) > 0, { what: 'first data' });
    const { creditsToday } = await demo.control('/charge', { operation: 'wallet_refresh', credits: 5 });
    await waitForBar(page, (b) => figure(b.credits) === creditsToday, {
      timeout: 6_000,
      what: `credits ${creditsToday} by polling`,
    });
    await clickInBar(page, 'Recent Credits');
    const first = await waitFor(
      () =>
        page.evaluate(
          (tag) => document.querySelector(tag)?.shadowRoot?.querySelector('.lcb-event')?.textContent ?? '',
          HOST_TAG,
        ),
      (t) => t.length > 0,
      { what: 'the Recent Credits popover' },
    );
    assert.match(first, /^wallet_refresh: 5 cr @ \d{1,2}:\d{2}/);
    await page.close();
  });

  test('the popup shows today’s credits and the recent events', async () => {
    const truth = await demo.control('/state');
    const popup = await ff.openExtensionPage('popup');
    const shown = await waitFor(
      () =>
        popup.evaluate(() => ({
          credits: document.querySelector('[data-testid="popup-credits"]')?.textContent ?? '',
          events: [...document.querySelectorAll('[data-testid="popup-events"] li')].map(
            (li) => li.textContent,
          ),
          access: document.querySelector('[data-testid="popup-access"]') !== null,
        })),
      (s) => figure(s.credits) === truth.creditsToday,
      { what: `popup credits ${truth.creditsToday}` },
    );
    assert.match(shown.events[0] ?? '', /^wallet_refresh: 5 cr @ \d{1,2}:\d{2}/);
    assert.equal(shown.access, false, 'no missing-access banner: MV2 grants the manifest’s origins');
    await popup.screenshot({ path: join(SHOTS, 'firefox-popup-light.png'), fullPage: true });
    await popup.close();
  });

  test('the overlay switch removes the bar from an open tab and brings it back', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    await waitForBar(page);
    const popup = await ff.openExtensionPage('popup');
    const toggle = await popup.waitForSelector('input[role="switch"]');
    // Keyboard, not a click at coordinates: the popup's layout moves as its status text updates.
    const flip = async (expected) => {
      await toggle.focus();
      await popup.keyboard.press(' ');
      await waitFor(
        () => toggle.evaluate((input) => input.checked),
        (checked) => checked === expected,
        { timeout: 2_000, what: `the switch ${expected ? 'on' : 'off'}` },
      );
    };
    await flip(false);
    await waitFor(
      () => page.evaluate((tag) => document.querySelectorAll(tag).length, HOST_TAG),
      (n) => n === 0,
      { timeout: 3_000, what: 'the bar removed by the switch' },
    );
    await flip(true);
    await waitForBar(page, undefined, { timeout: 3_000 });
    await popup.close();
    await page.close();
  });

  test('a custom app origin gets the bar through a run-time content script (scripting in MV2)', async () => {
    const appPort = new URL(demo.appUrl).port;
    const custom = `http://127.0.0.2:${appPort}`;
    await ff.setSettings({
      appOrigins: [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`, custom],
    });
    const page = await ff.open(`${custom}/dashboard/tokens`);
    await waitForBar(page, (b) => figure(b.credits) > 0, { what: `the bar on ${custom}` });
    await page.close();
  });

  test('the event page unloads and comes back: alarm and WebSocket re-created, polling goes on', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    await waitForBar(page, (b) => b.status === 'Live', { what: 'the hint socket connected (Live)' });
    const before = await demo.control('/state');
    assert.equal(await ff.terminateBackground(), 'stopped');
    // The bar's port was cut; it reconnects, which wakes the event page.
    await waitFor(
      () => ff.backgroundState(),
      (s) => s === 'running',
      { what: 'the event page restarted' },
    );
    await waitFor(
      () => demo.control('/state'),
      (s) => (s.counts['/ws'] ?? 0) > (before.counts['/ws'] ?? 0),
      { what: 'a new WebSocket to /ws' },
    );
    const { creditsToday } = await demo.control('/charge', { operation: 'market_cap_refresh', credits: 12 });
    await waitForBar(page, (b) => figure(b.credits) === creditsToday, {
      timeout: 6_000,
      what: `credits ${creditsToday} by polling after the restart`,
    });
    await page.close();
  });

  test('a hidden bar lets the event page sleep; showing the tab wakes it', async () => {
    const page = await ff.open(demo.app('/dashboard/tokens'));
    await waitForBar(page, (b) => figure(b.credits) > 0, { what: 'first data' });
    const other = await ff.open(demo.app('/dashboard/trash'));
    assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
    // The background hears the bar is hidden and, after its 5 s grace (a page navigating comes
    // straight back; utils/schedule/presence.ts), stops its poll alarm and socket.
    await sleep(6_000);
    assert.equal(await ff.terminateBackground(), 'stopped');
    await sleep(1500);
    assert.equal(await ff.backgroundState(), 'stopped', 'nobody looks: the event page stays unloaded');
    const { creditsToday } = await demo.control('/charge', { operation: 'wallet_refresh', credits: 5 });
    await page.bringToFront();
    await waitFor(
      () => ff.backgroundState(),
      (s) => s === 'running',
      { what: 'the event page woken by the visible bar' },
    );
    await waitForBar(page, (b) => figure(b.credits) === creditsToday, {
      timeout: 6_000,
      what: `credits ${creditsToday} once the tab is shown`,
    });
    await other.close();
    await page.close();
  });

  test('nothing threw in the pages or the extension', async () => {
    assert.deepEqual(ff.errors, []);
    assert.deepEqual(await ff.extensionErrors(), []);
  });
});
