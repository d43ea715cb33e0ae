// Playwright Test for the end-to-end specs: `test` with fixtures for the demo app and the
// extension's browser (built on the shared `demo-and-browser.mjs`), and `useDemoAndBrowser` for a
// `describe` whose tests share one demo and one browser.
import { test as base } from '@playwright/test';
import {
  app,
  barOf,
  control,
  figure,
  launchBrowser,
  startDemo,
  startDemoAndBrowser,
  waitFor,
} from './demo-and-browser.mjs';

/** The extension's request for today's credits: one per refresh, so it counts the attempts. */
export const CREDITS_TODAY = '/api/stats/credits/today';

/** The bar's status labels while its data is current. */
export const HEALTHY = /^(Live|Polling)$/;

/**
 * `useDemoAndBrowser` options for a later app version that moved its pages (HEAD with
 * `--head-pages`), with the routes set in Options to follow it and a 3 s poll.
 */
export const MOVED_PAGES = {
  demo: { mode: 'head', headPages: true },
  browser: {
    settings: {
      pollSeconds: 3,
      routes: { tokens: '/dashboard/bot-tracker', ingestion: '/dashboard/wallets' },
    },
  },
};

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

/** Opens `path` of the demo started last in a new tab of `browser` and waits for the bar. */
export async function openBar(browser, path) {
  const page = await browser.context.newPage();
  await page.goto(app(path));
  const bar = barOf(page);
  await bar.region.waitFor({ timeout: 15_000 });
  return { page, bar };
}

/**
 * Waits until the bar shows the demo's credits today (`read` takes the figure from the text) and
 * returns the demo's state it was compared with.
 */
export async function waitForDemoCredits(bar, { read = figure, what } = {}) {
  const truth = await control('/state');
  await waitFor(
    () => bar.credits.textContent(),
    (text) => read(text) === truth.creditsToday,
    { what: what ?? `credits ${truth.creditsToday}` },
  );
  return truth;
}
