// The Firefox MV3 build: the app's ws:// hint channel works under the extension-pages CSP, and
// host permissions the user withheld are detected and granted again from the popup (and the
// options page says so too). Also checks what both Firefox manifests declare.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { figure, launchFirefox, MV2_DIR, MV3_DIR, startDemo, waitFor, waitForBar } from './harness.mjs';

const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('Firefox manifests', () => {
  for (const [name, dir] of [
    ['MV2', MV2_DIR],
    ['MV3', MV3_DIR],
  ]) {
    test(`${name}: gecko id, data collection, no ports in match patterns, event page`, () => {
      const manifest = manifestOf(dir);
      const gecko = manifest.browser_specific_settings?.gecko;
      assert.equal(gecko?.id, 'live-credits-bar@meridinate.local');
      assert.deepEqual(gecko?.data_collection_permissions, { required: ['none'] });
      // Firefox match patterns cannot hold a port: `http://localhost:3000/*` would never match.
      const patterns = [
        ...(manifest.permissions ?? []),
        ...(manifest.host_permissions ?? []),
        ...(manifest.optional_permissions ?? []),
        ...(manifest.optional_host_permissions ?? []),
        ...manifest.content_scripts.flatMap((script) => script.matches),
      ].filter((p) => p.includes('://'));
      assert.ok(patterns.length > 0);
      for (const pattern of patterns) assert.doesNotMatch(pattern, /^[a-z*]+:\/\/[^/]*:\d+/, pattern);
      assert.ok(manifest.background.scripts, 'a background page, not a service worker');
      if (manifest.manifest_version === 2) {
        assert.equal(manifest.background.persistent, false, 'an event page');
        assert.ok(manifest.optional_permissions.includes('http://*/*'), 'MV2: optional_permissions');
        assert.ok(manifest.permissions.includes('scripting'), 'MV2: scripting for run-time scripts');
      } else {
        assert.equal(
          manifest.content_security_policy?.extension_pages,
          "script-src 'self'; object-src 'self'",
        );
        assert.ok(manifest.optional_host_permissions.includes('http://*/*'));
      }
    });
  }
});

describe('Firefox MV3: ws:// under the CSP, withheld host permissions', () => {
  let demo;
  let ff;

  before(async () => {
    demo = await startDemo();
    ff = await launchFirefox({ extensionDir: MV3_DIR, demo, settings: { pollSeconds: 3 } });
  });

  afterEach(() => ff?.closeTabs());

  after(async () => {
    await ff?.close();
    await demo?.close();
  });

  test('the popup alone opens the hint WebSocket to ws://… and is Live', async () => {
    const popup = await ff.openExtensionPage('popup');
    const truth = await demo.control('/state');
    await waitFor(
      () =>
        popup.evaluate(() => ({
          status: document.querySelector('.popup-status strong')?.textContent ?? '',
          credits: document.querySelector('[data-testid="popup-credits"]')?.textContent ?? '',
        })),
      (s) => s.status === 'Live' && figure(s.credits) === truth.creditsToday,
      { what: `Live with credits ${truth.creditsToday}` },
    );
    // No app page is open: the one WebSocket is the extension's.
    const { wsClients } = await demo.control('/state');
    assert.equal(wsClients, 1);
    await popup.close();
  });

  test('withheld host permissions: options and popup say so, the popup’s button grants them', async () => {
    const appPort = new URL(demo.appUrl).port;
    const apiPort = new URL(demo.apiUrl).port;
    const expected = [
      `http://localhost:${appPort}`,
      `http://127.0.0.1:${appPort}`,
      `http://localhost:${apiPort}`,
    ];

    // What a user does in about:addons → Permissions (or at install): no access to the origins.
    const options = await ff.openExtensionPage('options');
    await options.evaluate(() =>
      browser.permissions.remove({ origins: ['http://localhost/*', 'http://127.0.0.1/*'] }),
    );
    const namesAll = (text) => expected.every((origin) => text.includes(origin));
    await waitFor(
      () => options.evaluate(() => document.querySelector('.banner')?.textContent ?? ''),
      namesAll,
      { what: `the options banner naming ${expected.join(', ')}` },
    );

    const page = await ff.open(demo.app('/dashboard/tokens'));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await page.evaluate(() => document.querySelector('meridinate-live-credits-bar')), null);

    const popup = await ff.openExtensionPage('popup');
    await waitFor(
      () => popup.evaluate(() => document.querySelector('[data-testid="popup-access"]')?.textContent ?? ''),
      namesAll,
      { what: `the popup’s notice naming ${expected.join(', ')}` },
    );

    // A real key press: permissions.request() only works from user input.
    const grant = await popup.waitForSelector('[data-testid="popup-access"] button');
    await grant.focus();
    await popup.keyboard.press('Enter');
    await waitFor(
      () => popup.evaluate(() => document.querySelector('[data-testid="popup-access"]') !== null),
      (shown) => !shown,
      { what: 'the notice gone after the grant' },
    );
    await waitFor(
      () => options.evaluate(() => document.querySelector('.banner') !== null),
      (shown) => !shown,
      { what: 'the options banner gone too' },
    );

    const truth = await demo.control('/state');
    await page.reload();
    await waitForBar(page, (b) => figure(b.credits) === truth.creditsToday, {
      what: `the bar with credits ${truth.creditsToday} after the grant`,
    });
  });

  test('nothing threw in the pages or the extension', async () => {
    assert.deepEqual(ff.errors, []);
    assert.deepEqual(await ff.extensionErrors(), []);
  });
});
