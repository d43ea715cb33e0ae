// Accessibility checked by a machine: axe-core audits the bar (inside its open shadow root), its
// Recent Credits popover, the popup and the options page, light and dark. No serious or critical
// violation may remain; the summary goes to test-results/a11y.json.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoSeriousViolations, audit, summarize } from './axe.mjs';
import { app, barOf, openExtensionPage, ROOT } from './demo-and-browser.mjs';
import { test, useDemoAndBrowser } from './fixtures.mjs';

const HOST = 'meridinate-live-credits-bar';
const summary = {};

/** Fails on serious or critical violations; records the audit. Returns the nodes checked. */
function assertClean(name, result) {
  const { checked, summary: audited } = summarize(result);
  summary[name] = audited;
  assertNoSeriousViolations(name, result);
  return checked;
}

test.describe('accessibility (axe-core)', () => {
  const env = useDemoAndBrowser();

  test.afterAll(() => {
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(ROOT, 'test-results/a11y.json'), `${JSON.stringify(summary, null, 2)}\n`);
  });

  for (const theme of ['light', 'dark']) {
    test(`the bar and its popover, ${theme}`, async () => {
      const page = await env.browser.context.newPage();
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(app(`/dashboard/tokens?theme=${theme}`));
      const bar = barOf(page);
      await bar.region.waitFor({ timeout: 15_000 });
      await page.locator(`${HOST}[data-theme="${theme}"]`).waitFor();
      // Figures in place, not the loading state.
      await bar.credits.filter({ hasText: /\d/ }).waitFor();
      const checked = assertClean(`bar ${theme}`, await audit(page, [HOST]));
      // The audit really went inside the shadow root: targets there are paths [host, inner].
      const inside = checked.filter((target) => Array.isArray(target[0]) || target.length > 1);
      assert.ok(inside.length > 0, `nodes inside the shadow root checked (${checked.length} in all)`);
      await bar.recentButton.click();
      await bar.popover.waitFor();
      await bar.events.first().waitFor();
      assertClean(`popover ${theme}`, await audit(page, [HOST]));
      await page.close();
    });

    for (const view of ['popup', 'options']) {
      test(`the ${view}, ${theme}`, async () => {
        const page = await openExtensionPage(env.browser, view);
        await page.emulateMedia({ colorScheme: theme });
        await page.locator('main').waitFor();
        if (view === 'popup') await page.getByTestId('popup-credits').filter({ hasText: /\d/ }).waitFor();
        const checked = assertClean(`${view} ${theme}`, await audit(page, null));
        assert.ok(checked.length > 0, 'nodes checked');
        await page.close();
      });
    }
  }
});
