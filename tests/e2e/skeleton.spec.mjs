// The walking skeleton, end to end: the bar on both target pages, fed by the background poller,
// live without a reload, the popup and the overlay switch, in real Chromium against the demo app.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, barOf, control, figure, openExtensionPage, ROOT, waitFor } from './demo-and-browser.mjs';
import { openBar, test, useDemoAndBrowser, waitForDemoCredits } from './fixtures.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');

test.describe('walking skeleton', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 3 } } });

  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  test('the bar shows the demo’s figures on the Tokens page', async () => {
    const { page, bar } = await openBar(env.browser, '/dashboard/tokens');
    const truth = await waitForDemoCredits(bar);
    assert.equal(figure(await bar.scanned.textContent()), truth.tokensScannedToday);
    const shownName = await bar.latestName.textContent();
    assert.ok(shownName.length > 0, 'latest token name shown');
    assert.ok(
      String(truth.latest.token_name ?? '').startsWith(shownName.replace(/…$/, '').slice(0, 10)),
      `latest “${shownName}” is the demo's latest “${truth.latest.token_name}”`,
    );
    await page.screenshot({ path: join(SHOTS, 'tokens-light.png') });
    await page.close();
  });

  test('the bar is on the Ingestion page too, and not on other pages', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(app('/dashboard/ingestion'));
    await barOf(page).region.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'ingestion-light.png') });
    for (const path of ['/dashboard/trash', '/dashboard/tokens/8']) {
      await page.goto(app(path));
      await page.waitForTimeout(1500);
      assert.equal(await barOf(page).host.count(), 0, `no bar on ${path}`);
    }
    await page.close();
  });

  test('client-side navigation removes the bar and brings it back', async () => {
    const { page, bar } = await openBar(env.browser, '/dashboard/tokens');
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.waitForURL('**/dashboard/trash');
    await bar.host.waitFor({ state: 'detached', timeout: 5_000 });
    await page.goBack();
    await page.waitForURL('**/dashboard/tokens');
    await bar.region.waitFor({ timeout: 5_000 });
    assert.equal(await bar.host.count(), 1);
    await page.close();
  });

  test('a charge reaches the bar after Refresh, and by polling alone', async () => {
    const { page, bar } = await openBar(env.browser, '/dashboard/tokens');
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) > 0,
      { what: 'first data' },
    );

    const first = await control('/charge', { operation: 'market_cap_refresh', credits: 12 });
    await bar.refresh.click();
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) === first.creditsToday,
      {
        timeout: 3_000,
        what: `credits ${first.creditsToday} after Refresh`,
      },
    );

    const second = await control('/charge', { operation: 'wallet_refresh', credits: 5 });
    // Poll interval is 3 s in this run: within one interval plus a second, no click.
    await waitFor(
      () => bar.credits.textContent(),
      (t) => figure(t) === second.creditsToday,
      {
        timeout: 5_000,
        what: `credits ${second.creditsToday} by polling`,
      },
    );
    await bar.recentButton.click();
    await bar.popover.waitFor();
    const lines = await bar.events.allTextContents();
    assert.ok(lines.length > 0 && lines.length <= 5, `1–5 events, got ${lines.length}`);
    assert.match(lines[0], /^wallet_refresh: 5 cr @ \d{1,2}:\d{2}/);
    assert.match(lines[1], /^market_cap_refresh: 12 cr @ \d{1,2}:\d{2}/);
    await page.screenshot({ path: join(SHOTS, 'tokens-popover.png') });
    await page.close();
  });

  test('the popup lists the same recent events', async () => {
    const { page, bar } = await openBar(env.browser, '/dashboard/tokens');
    await bar.recentButton.click();
    const barLines = await bar.events.allTextContents();
    const popup = await openExtensionPage(env.browser, 'popup');
    const popupLines = await popup.getByTestId('popup-events').locator('li').allTextContents();
    assert.deepEqual(popupLines.slice(0, barLines.length), barLines);
    const truth = await control('/state');
    assert.equal(figure(await popup.getByTestId('popup-credits').textContent()), truth.creditsToday);
    await popup.screenshot({ path: join(SHOTS, 'popup-light.png'), fullPage: true });
    await popup.close();
    await page.close();
  });

  test('the overlay switch removes the bar from an open tab and brings it back', async () => {
    const { page, bar } = await openBar(env.browser, '/dashboard/tokens');
    const popup = await openExtensionPage(env.browser, 'popup');
    const toggle = popup.getByRole('switch', { name: 'Show the bar in the app' });
    await toggle.uncheck();
    await bar.host.waitFor({ state: 'detached', timeout: 3_000 });
    await toggle.check();
    await bar.region.waitFor({ timeout: 3_000 });
    await popup.close();
    await page.close();
  });

  test('nothing threw in the pages or the extension', () => {
    assert.deepEqual(env.browser.errors, []);
  });
});
