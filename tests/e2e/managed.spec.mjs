// Settings an administrator sets, end to end: a real Chromium policy file for the extension
// (managed storage), the bar and the background following it over the user's own settings, and
// the options and popup showing it locked.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertNoSeriousViolations, audit } from './axe.mjs';
import {
  app,
  barOf,
  EXTENSION_DIR,
  figure,
  launchBrowser,
  openExtensionPage,
  ROOT,
  waitFor,
} from './demo-and-browser.mjs';
import { openBar, test, useDemoAndBrowser, waitForDemoCredits } from './fixtures.mjs';

const POLICY_DIR = '/etc/chromium/policies/managed';

/** Chromium's id for an unpacked extension: the SHA-256 of its absolute path, in letters a–p. */
function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/**
 * Writes a machine-wide policy for the copy of the extension in `extensionDir` only (its id is
 * unique to the copy's path) under a unique file name, and returns the function that removes it.
 */
function writePolicy(extensionDir, values) {
  mkdirSync(POLICY_DIR, { recursive: true });
  const file = join(POLICY_DIR, `lcb-e2e-${randomUUID()}.json`);
  const id = unpackedExtensionId(extensionDir);
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: values } } }));
  return () => rmSync(file, { force: true });
}

test.describe('managed settings (a Chromium policy file)', () => {
  let removePolicy = () => {};
  let extensionDir;
  const env = useDemoAndBrowser({
    launch: async (demo) => {
      // A private copy of the build: the policy then reaches no browser another spec runs meanwhile.
      extensionDir = mkdtempSync(join(tmpdir(), 'lcb-managed-'));
      cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
      removePolicy = writePolicy(extensionDir, {
        apiBase: demo.apiUrl,
        overlayEnabled: true,
        // Chromium itself drops a value outside the schema (e.g. below 30 s): the suite's
        // shorter test interval cannot be managed.
        pollSeconds: 30,
        dailyBudget: 5000,
        // Passes the schema (a list of strings), fails the extension's own check: ignored.
        appOrigins: ['not an origin'],
      });
      // The user's own settings say otherwise: a dead API and the bar switched off.
      return await launchBrowser({
        extensionDir,
        settings: { apiBase: 'http://127.0.0.1:9', enabled: false },
      });
    },
  });

  test.afterAll(() => {
    removePolicy();
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  test('the extension id of the copy under test is the one Chromium gives it', () => {
    assert.equal(env.browser.extensionId, unpackedExtensionId(extensionDir));
  });

  test('managed storage holds the policy as written', async () => {
    const page = await openExtensionPage(env.browser, 'popup');
    const managed = await page.evaluate(() => chrome.storage.managed.get());
    assert.equal(managed.overlayEnabled, true);
    assert.equal(managed.dailyBudget, 5000);
    assert.deepEqual(managed.appOrigins, ['not an origin']);
    await page.close();
  });

  test('the bar follows the managed switch and API over the user’s, with live figures', async () => {
    const { page, bar } = await openBar(env.browser, '/dashboard/tokens');
    await waitForDemoCredits(bar, {
      // "1,452 / 5,000": today's credits, then the budget.
      read: (text) => figure(text.split('/')[0]),
      what: 'credits from the managed API URL',
    });
    // The managed budget is in force (the user set none).
    assert.match(await bar.credits.textContent(), /5,000/);
    await page.close();
  });

  test('options show managed settings locked; the user keeps the rest', async () => {
    const options = await openExtensionPage(env.browser, 'options');
    const apiBase = options.locator('#apiBase');
    await apiBase.waitFor();
    assert.equal(await apiBase.inputValue(), new URL(env.demo.apiUrl).href.replace(/\/$/, ''));
    assert.equal(await apiBase.isDisabled(), true);
    assert.equal(await options.locator('#budget').isDisabled(), true);
    assert.equal(await options.locator('#pollSeconds').isDisabled(), true);
    assert.equal(await options.locator('#pollSeconds').inputValue(), '30');
    // Not managed (the invalid origins were ignored): editable, the user's value.
    assert.equal(await options.locator('#appOrigins').isDisabled(), false);
    assert.equal(await options.locator('#routeTokens').isDisabled(), false);
    assert.equal(await options.getByText('Set by your administrator').count(), 3);
    mkdirSync(join(ROOT, 'test-results/screenshots'), { recursive: true });
    await options.screenshot({
      path: join(ROOT, 'test-results/screenshots/options-managed.png'),
      fullPage: true,
    });
    // The locked groups are named and reachable like the rest of the form.
    for (const theme of ['light', 'dark']) {
      await options.emulateMedia({ colorScheme: theme });
      assertNoSeriousViolations(`options with managed settings, ${theme}`, await audit(options, null));
    }
    await options.close();
  });

  test('the popup locks the overlay switch; a per-page switch stays the user’s', async () => {
    const popup = await openExtensionPage(env.browser, 'popup');
    const main = popup.getByRole('switch', { name: /Show the bar in the app/ });
    await main.waitFor();
    assert.equal(await main.isChecked(), true);
    assert.equal(await main.isDisabled(), true);
    await popup.screenshot({
      path: join(ROOT, 'test-results/screenshots/popup-managed.png'),
      fullPage: true,
    });
    const ingestion = popup.getByRole('checkbox', { name: /Ingestion/ });
    await ingestion.uncheck();
    const stored = await waitFor(
      () => popup.evaluate(async () => (await chrome.storage.sync.get('settings')).settings),
      (settings) => settings?.pages?.ingestion === false,
      { what: 'the per-page switch saved' },
    );
    // The user's own values stay underneath the managed ones.
    assert.equal(stored.enabled, false);
    assert.equal(stored.apiBase, 'http://127.0.0.1:9');
    assert.equal(stored.budget, null);
    await popup.close();
    const page = await env.browser.context.newPage();
    await page.goto(app('/dashboard/ingestion'));
    await page.waitForTimeout(1500);
    assert.equal(await barOf(page).host.count(), 0, 'no bar on a page the user switched off');
    await page.close();
  });
});
