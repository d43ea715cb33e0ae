// HEAD moved the app's pages (`--head-pages`: Tokens redirects to the bot tracker, Ingestion is a
// 404): with the default routes the bar never shows. Once a probe finds HEAD, the popup and Options
// offer to show it on Bot Tracker, and one click does it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, barOf, openExtensionPage, ROOT, waitFor } from './demo-and-browser.mjs';
import { test } from './fixtures.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');
const OFFER = 'This Meridinate version moved its pages: show the bar on Bot Tracker instead?';

const storedSettings = (tab) =>
  tab.evaluate(() => chrome.storage.sync.get('settings').then((s) => s.settings));

test.describe('HEAD moved the pages: the one-click offer', () => {
  test.use({
    demoOptions: { mode: 'head', headPages: true },
    browserOptions: { settings: { pollSeconds: 3 } },
  });
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  test('no bar with the default routes; the popup and Options offer Bot Tracker; one click shows it', async ({
    extension,
  }) => {
    const page = await extension.context.newPage();
    await page.goto(app('/dashboard/tokens'));
    await page.waitForURL('**/dashboard/bot-tracker');
    await page.waitForTimeout(1_000);
    assert.equal(await barOf(page).host.count(), 0, 'the default Tokens route is not where HEAD went');

    // The popup is a viewer: its refresh probes the back end, which finds HEAD, and the
    // background then asks the app how the routes answer.
    const popup = await openExtensionPage(extension, 'popup');
    const offer = popup.getByTestId('moved-pages');
    await offer.waitFor({ timeout: 20_000 });
    assert.match(await offer.textContent(), new RegExp(`^${OFFER.replace(/[?]/g, '\\?')}`));
    assert.match(await offer.textContent(), /Its Ingestion page is gone, so the bar there is turned off\./);
    await popup.setViewportSize({ width: 360, height: 700 });
    await popup.locator('main.popup').screenshot({ path: join(SHOTS, 'popup-moved-pages.png') });

    // Options makes the same offer; accepting there updates its form too.
    const options = await openExtensionPage(extension, 'options');
    const optionsOffer = options.getByTestId('moved-pages');
    await optionsOffer.waitFor({ timeout: 10_000 });
    await options.screenshot({ path: join(SHOTS, 'options-moved-pages.png') });
    await optionsOffer.getByRole('button', { name: 'Show the bar on Bot Tracker' }).click();
    const settings = await waitFor(
      () => storedSettings(options),
      (s) => s?.routes?.tokens === '/dashboard/bot-tracker',
      { what: 'the Tokens route on Bot Tracker' },
    );
    assert.equal(settings.routes.ingestion, '/dashboard/ingestion', 'the Ingestion route is kept');
    assert.equal(settings.pages.ingestion, false, 'the gone Ingestion page’s bar is off');
    assert.equal(settings.pages.tokens, true);
    await optionsOffer.waitFor({ state: 'detached', timeout: 5_000 });
    const routeInputs = await options.locator('input').evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.ok(routeInputs.includes('/dashboard/bot-tracker'), 'the form shows the new route');

    // The popup's offer goes away, and the open bot-tracker tab gets its bar without a reload.
    await offer.waitFor({ state: 'detached', timeout: 5_000 });
    await barOf(page).region.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'head-moved-pages-bar.png') });
  });
});
