// Hostile data end to end: token and operation names are chosen by whoever deploys a token, and
// anyone on the machine can broadcast over the app's WebSocket. Each hostile name becomes the
// latest analysis; nothing may run, the bar keeps its size and one row, and the name is shown as
// cleaned text (the raw value only in the tooltip, as text).
import assert from 'node:assert/strict';
import { barOf, demoClient, launchFor, waitFor } from './demo-and-browser.mjs';
import { test, useDemoAndBrowser } from './fixtures.mjs';

/** Bidi controls, zero-width and other invisible characters the display must not contain. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E\u00AD]/u;
const MAX_SHOWN = 121; // 120 code points and the ellipsis

const HOSTILE_NAMES = [
  {
    what: 'HTML and script',
    name: '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>',
  },
  { what: '10,000 characters', name: `${'W'.repeat(9_990)}<b>bold</b>` },
  { what: 'right-to-left override and zero-width', name: '\u202Egnp.exe\u2066\u200Bevil\u200D\u2069 coin' },
  { what: 'combining-mark flood', name: `Z${'\u0336\u0335\u0334'.repeat(300)}algo` },
  { what: 'null', name: null },
  // Last: the demo app's own token list renders this name in full and becomes slow to lay out.
  { what: '1,000,000 characters', name: `${'🚀'.repeat(10)}${'x'.repeat(1_000_000)}` },
];

test.describe('hostile data', () => {
  test.describe.configure({ mode: 'serial' });
  const env = useDemoAndBrowser({ launch: (demo) => launchFor(demo, { settings: { pollSeconds: 2 } }) });
  let client;
  let page;
  let bar;
  let popup;
  const dialogs = [];

  test.beforeAll(async () => {
    client = demoClient(env.demo);
    page = await env.browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    await page.goto(client.app('/dashboard/tokens'));
    bar = barOf(page);
    await bar.region.waitFor({ timeout: 15_000 });
    await waitFor(
      () => bar.latestName.textContent(),
      (t) => t.length > 0,
      { what: 'a latest name' },
    );
    popup = await env.browser.context.newPage();
    popup.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    await popup.goto(`chrome-extension://${env.browser.extensionId}/popup.html`);
  });

  /** What the bar and the popup show for the latest analysis, and how the bar is laid out. */
  async function observe() {
    return page.evaluate(() => {
      const root = document.querySelector('meridinate-live-credits-bar')?.shadowRoot;
      const region = root?.querySelector('.lcb-bar');
      const name = root?.querySelector('.lcb-name');
      const box = region?.getBoundingClientRect();
      const nameBox = name?.getBoundingClientRect();
      // Rows: the items' vertical centres, grouped when closer than 8 px.
      const centres = [...(root?.querySelectorAll('.lcb-item, .lcb-status, .lcb-actions') ?? [])]
        .map((e) => e.getBoundingClientRect())
        .map((r) => r.top + r.height / 2)
        .sort((a, b) => a - b);
      const rows = centres.filter((c, i) => i === 0 || c - centres[i - 1] > 8).length;
      return {
        shown: name?.textContent ?? null,
        title: name?.getAttribute('title') ?? null,
        height: box?.height ?? 0,
        width: box?.width ?? 0,
        nameInside:
          !!box && !!nameBox && nameBox.right <= box.right + 0.5 && nameBox.bottom <= box.bottom + 0.5,
        rows,
        active: root ? root.querySelectorAll('img, script, iframe, object, embed').length : -1,
        pwned: window.__pwned ?? null,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
  }

  async function observePopup() {
    return popup.evaluate(() => {
      const name = document.querySelector('.popup-name');
      return {
        shown: name?.textContent ?? null,
        title: name?.getAttribute('title') ?? null,
        active: document.querySelectorAll('main img, main script, main iframe, main object, main embed')
          .length,
        overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        pwned: window.__pwned ?? null,
      };
    });
  }

  let baseline;
  test('the bar’s size before anything hostile', async () => {
    baseline = await observe();
    assert.equal(baseline.height, 32);
    assert.equal(baseline.rows, 1);
  });

  test('hostile operation names are shown as text in the recent events', async () => {
    const operation = '<img src=x onerror="window.__pwned=3">\u202Eevil';
    await client.control('/charge', { operation, credits: 5 });
    await bar.refresh.click();
    await bar.recentButton.click();
    await bar.popover.waitFor();
    const first = await waitFor(
      async () => (await bar.events.allTextContents())[0] ?? '',
      (t) => t.includes('<img'),
      { what: 'the hostile event' },
    );
    assert.doesNotMatch(first, INVISIBLE);
    assert.equal((await observe()).active, 0);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    await bar.recentButton.click();
  });

  test('a fake WebSocket event is a hint only: its payload is never shown', async () => {
    const before = await observe();
    await client.control('/broadcast', {
      event: 'analysis_complete',
      data: {
        job_id: 'x',
        token_name: 'FAKE <img src=x onerror=alert(9)>',
        token_symbol: 'FAKE',
        token_id: 1,
      },
    });
    await client.control('/broadcast', { event: 'credits_updated', data: { total_today: -1e308 } });
    await page.waitForTimeout(1_500);
    const after = await observe();
    assert.equal(after.shown, before.shown, 'the latest comes from the API, not from the socket');
    assert.doesNotMatch(await bar.credits.textContent(), /-|e\+|Infinity|NaN/);
    assert.deepEqual(dialogs, []);
  });

  for (const { what, name } of HOSTILE_NAMES) {
    test(`a hostile latest name: ${what}`, async () => {
      const before = await observe();
      const { token } = await client.control('/analysis', { name });
      // The analysis_complete hint refreshes at once; the new token has a new id.
      const seen = await waitFor(observe, (o) => o.shown !== null && o.shown !== before.shown, {
        timeout: 10_000,
        what: `the latest analysis (${what})`,
      });
      const shown = seen.shown;
      assert.ok(shown.length > 0, 'never blank');
      assert.doesNotMatch(shown, INVISIBLE, 'no bidi or zero-width characters shown');
      assert.ok([...shown].length <= MAX_SHOWN, `capped: ${[...shown].length} code points`);
      if (typeof name === 'string') {
        // The raw value is in the tooltip only, as text, capped.
        assert.equal(seen.title, name.slice(0, 300));
      } else {
        assert.ok(shown === token.token_symbol || shown === 'Unnamed token' || shown.includes('…'), shown);
        assert.notEqual(shown, 'null');
      }
      assert.equal(seen.active, 0, 'no element made from the name');
      assert.equal(seen.pwned, null, 'no script ran');
      assert.equal(seen.height, 32, 'the bar keeps its height');
      assert.equal(seen.width, baseline.width, 'the bar keeps its width');
      assert.equal(seen.rows, 1, 'one row');
      assert.ok(seen.nameInside, 'the name stays inside the bar');
      assert.ok(seen.pageWidth <= baseline.pageWidth, 'the page does not grow sideways');

      const inPopup = await waitFor(observePopup, (o) => o.shown === shown, { what: 'the popup’s latest' });
      assert.equal(inPopup.active, 0);
      assert.equal(inPopup.overflow, false, 'the popup does not overflow sideways');
      assert.equal(inPopup.pwned, null);
      assert.deepEqual(dialogs, []);
    });
  }

  test('a page faking the content script’s navigation event changes nothing and throws nothing', async () => {
    // WXT's location event is a DOM event the page can dispatch too (given the extension id);
    // its fields are not visible across worlds, so the bar must read the real location instead.
    await page.evaluate((id) => {
      const event = new Event(`${id}:bar:wxt:locationchange`);
      Object.assign(event, { newUrl: new URL('/dashboard/trash', location.href) });
      window.dispatchEvent(event);
    }, env.browser.extensionId);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('meridinate-live-credits-bar').count(), 1);
  });

  test('nothing threw in any context', async () => {
    assert.deepEqual(await env.browser.errors.collect(), []);
  });
});
