// Playwright Test for the end-to-end specs: `test` with fixtures for the demo app and the
// extension's browser (built on the shared `demo-and-browser.mjs`), and `useDemoAndBrowser` for a
// `describe` whose tests share one demo and one browser.
import { test as base } from '@playwright/test';
import { launchBrowser, startDemo, startDemoAndBrowser } from './demo-and-browser.mjs';

/**
 * `demo`: a demo app of its own for the test (options: `demoOptions`). `extension`: Chromium with the
 * built extension pointed at that demo (options: `browserOptions`), with `context`, `extensionId`,
 * `worker` and `errors`. `context` and `extensionId` as in Playwright's extension guide.
 */
export const test = base.extend({
  demoOptions: [{}, { option: true }],
  browserOptions: [{}, { option: true }],
  demo: async ({ demoOptions }, use) => {
    const demo = await startDemo(demoOptions);
    await use(demo);
    await demo.close();
  },
  extension: async ({ demo, browserOptions }, use) => {
    const browser = await launchBrowser({ ...browserOptions, demo });
    await use(browser);
    await browser.close();
  },
  context: async ({ extension }, use) => use(extension.context),
  extensionId: async ({ extension }, use) => use(extension.extensionId),
});

/**
 * Starts a demo and a browser before the tests of the surrounding `describe` and closes both after
 * them. Returns the object that holds them, filled in `beforeAll` (the tests are defined before
 * the hooks run); a test may replace `browser`, and whichever is there at the end is closed.
 * Options as for `startDemoAndBrowser`.
 */
export function useDemoAndBrowser(options = {}) {
  const env = { demo: null, browser: null };
  test.beforeAll(async () => {
    const started = await startDemoAndBrowser(options);
    env.demo = started.demo;
    env.browser = started.browser;
  });
  test.afterAll(async () => {
    await env.browser?.close();
    await env.demo?.close();
  });
  return env;
}
