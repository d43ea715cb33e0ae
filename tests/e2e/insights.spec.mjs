// Beyond the app's own bar: the toolbar badge, the daily budget and its notifications (across both
// thresholds and across the app's midnight), the popup's hourly chart and burn rate, and the
// keyboard shortcuts. Extension state is read from the options page, which is not a viewer (it
// starts no polling); notifications are counted by a spy in the service worker.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  barOf,
  control,
  launchBrowser,
  openExtensionPage,
  ROOT,
  setSettings,
  startDemo,
  waitFor,
} from './demo-and-browser.mjs';
import { test, useDemoAndBrowser } from './fixtures.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const COLORS = {
  normal: [37, 99, 235, 255],
  warning: [180, 83, 9, 255],
  over: [220, 38, 38, 255],
  unknown: [107, 114, 128, 255],
};
const grouped = (n) => n.toLocaleString('en-US');
/** The badge's compact form for the figures these tests reach (below 100,000). */
const compact = (n) => {
  if (n < 1000) return String(n);
  const tenths = Math.round(n / 100);
  return tenths < 100 ? `${(tenths / 10).toString()}k` : `${Math.round(n / 1000)}k`;
};

/** The badge as the browser holds it, read from an extension page. */
function readBadge(page) {
  return page.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    color: await chrome.action.getBadgeBackgroundColor({}),
    title: await chrome.action.getTitle({}),
  }));
}

async function serviceWorker(browser) {
  return browser.context.serviceWorkers()[0] ?? browser.context.waitForEvent('serviceworker');
}

async function openBar(browser) {
  const page = await browser.context.newPage();
  await page.goto(app('/dashboard/tokens'));
  const bar = barOf(page);
  await bar.region.waitFor({ timeout: 15_000 });
  return { page, bar };
}

test.describe('the toolbar badge', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 2 } } });

  test('shows today’s credits compactly, coloured by the budget, and in grey once not current', async () => {
    const { page } = await openBar(env.browser);
    const options = await openExtensionPage(env.browser, 'options');
    const { creditsToday } = await control('/state');
    let badge = await waitFor(
      () => readBadge(options),
      (b) => b.text === compact(creditsToday),
      { what: `badge ${compact(creditsToday)}` },
    );
    assert.deepEqual(badge.color, COLORS.normal);
    assert.match(badge.title, new RegExp(`${grouped(creditsToday)} API credits used today`));

    // A budget already exceeded turns it red; one at 80–99 % amber.
    await setSettings(env.browser, { budget: Math.floor(creditsToday / 2) });
    badge = await waitFor(
      () => readBadge(options),
      (b) => String(b.color) === String(COLORS.over),
      { what: 'red badge' },
    );
    await setSettings(env.browser, { budget: Math.ceil(creditsToday / 0.9) });
    await waitFor(
      () => readBadge(options),
      (b) => String(b.color) === String(COLORS.warning),
      { what: 'amber badge' },
    );

    // The back end gone: the last known figure stays, in grey, and the tooltip says why.
    await control('/fault', { target: 'all', kind: 'down' });
    badge = await waitFor(
      () => readBadge(options),
      (b) => String(b.color) === String(COLORS.unknown),
      { what: 'grey badge', timeout: 15_000 },
    );
    assert.notEqual(badge.text, '?');
    assert.match(badge.title, /Last known, as of .+ API credits used today\nBack end unreachable/);
    await control('/fault', undefined, 'DELETE');
    await waitFor(
      () => readBadge(options),
      (b) => String(b.color) !== String(COLORS.unknown),
      { what: 'badge back', timeout: 15_000 },
    );

    // Nobody looking (badge refresh off, the default): no requests, and the figure turns grey.
    // The background waits 5 s before deciding nobody looks (a page navigating comes straight
    // back; utils/schedule/presence.ts): until then the hint socket may still reconnect.
    await page.close();
    await sleep(6_500);
    await control('/reset-counts', {});
    badge = await waitFor(
      () => readBadge(options),
      (b) => String(b.color) === String(COLORS.unknown),
      { what: 'old badge', timeout: 30_000, interval: 1_000 },
    );
    assert.notEqual(badge.text, '?');
    assert.match(badge.title, /Not updated while no bar or popup is open/);
    const { counts } = await control('/state');
    assert.deepEqual(counts, {}, 'the badge alone asks nothing');
    assert.equal(await options.evaluate(() => chrome.alarms.get('badge-refresh').then(Boolean)), false);
  });

  test('the slow refresh is opt-in: an alarm every 5 minutes only when turned on', async () => {
    const options = await openExtensionPage(env.browser, 'options');
    await setSettings(env.browser, { badgeRefresh: true });
    const alarm = await waitFor(
      () => options.evaluate(() => chrome.alarms.get('badge-refresh')),
      (a) => a?.periodInMinutes === 5,
      { what: 'badge-refresh alarm' },
    );
    assert.equal(alarm.periodInMinutes, 5);
    await setSettings(env.browser, { badgeRefresh: false });
    await waitFor(
      () => options.evaluate(() => chrome.alarms.get('badge-refresh').then(Boolean)),
      (exists) => exists === false,
      { what: 'alarm cleared' },
    );
  });
});

test.describe('the daily budget', () => {
  let demo;
  let browser;
  test.afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('one notification at the warning share, one at 100 %, none per poll, and again after midnight', async () => {
    demo = await startDemo();
    const { creditsToday: start } = await control('/state');
    // The warning share (80 %) lies at least 500 credits above today's figure.
    const budget = Math.ceil((start + 500) / 0.8 / 100) * 100;
    browser = await launchBrowser({ settings: { pollSeconds: 2, budget, budgetWarnPercent: 80 } });
    const worker = await serviceWorker(browser);
    await worker.evaluate(() => {
      globalThis.__notified = [];
      const create = chrome.notifications.create.bind(chrome.notifications);
      chrome.notifications.create = (...args) => {
        globalThis.__notified.push(args[0]);
        return create(...args);
      };
    });
    const notified = () => worker.evaluate(() => globalThis.__notified);
    const options = await openExtensionPage(browser, 'options');
    const stored = () =>
      options.evaluate(async () => (await chrome.storage.local.get('budgetAlerts')).budgetAlerts ?? null);
    const creditsToday = async () => (await control('/state')).creditsToday;
    const polls = (n) => sleep(n * 2_000 + 500);

    const { bar } = await openBar(browser);
    await waitFor(
      () => bar.credits.textContent(),
      (t) => t === `${grouped(start)} / ${grouped(budget)}`,
      { what: 'usage against the budget in the bar' },
    );
    await polls(2);
    assert.deepEqual(await notified(), [], 'below the warning share: silent');

    await control('/charge', { credits: Math.ceil(budget * 0.8) - (await creditsToday()) });
    const periodStart = (await waitFor(stored, (s) => s?.notified.includes('warning'), { what: 'warning' }))
      .periodStart;
    await waitFor(notified, (n) => n.length === 1, { what: 'the warning notification' });
    assert.deepEqual(await notified(), [`budget-warning-${periodStart}`]);
    const shown = await options.evaluate(() => chrome.notifications.getAll());
    assert.ok(shown[`budget-warning-${periodStart}`], 'the system notification exists');

    // More credits, more polls: still one.
    await control('/charge', { credits: 10 });
    await polls(3);
    assert.equal((await notified()).length, 1, 'not repeated per poll');

    await control('/charge', { credits: budget - (await creditsToday()) });
    await waitFor(notified, (n) => n.length === 2, { what: 'the 100 % notification' });
    assert.equal((await notified())[1], `budget-over-${periodStart}`);
    await polls(3);
    assert.equal((await notified()).length, 2, 'not repeated per poll');
    assert.deepEqual((await stored()).notified, ['warning', 'over']);

    // Midnight of the app's credit day: a new day, armed again.
    await control('/rollover', {});
    const next = await waitFor(stored, (s) => s && s.periodStart !== periodStart, {
      what: 'the next credit day',
      timeout: 20_000,
    });
    assert.deepEqual(next.notified, [], 'a new day starts over');
    assert.equal((await notified()).length, 2, 'midnight itself is silent');
    await control('/charge', { credits: budget + 5 });
    await waitFor(notified, (n) => n.length === 3, { what: 'the next day’s notification' });
    // Both thresholds crossed at once: one notification, the higher.
    assert.equal((await notified())[2], `budget-over-${next.periodStart}`);
    await polls(2);
    assert.equal((await notified()).length, 3);
  });

  test('is set in Options: grouped input accepted, nonsense refused', async () => {
    const options = await openExtensionPage(browser, 'options');
    const stored = () => options.evaluate(async () => (await chrome.storage.sync.get('settings')).settings);
    await options.fill('#budget', '0');
    await options.getByRole('button', { name: 'Save' }).click();
    assert.match(await options.locator('#budget-error').textContent(), /at least 1/);
    await options.fill('#budget', '7,500');
    await options.fill('#budgetWarnPercent', '90');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    const settings = await stored();
    assert.equal(settings.budget, 7500);
    assert.equal(settings.budgetWarnPercent, 90);
    await options.fill('#budget', '');
    await options.getByRole('button', { name: 'Save' }).click();
    await waitFor(stored, (s) => s.budget === null, { what: 'no budget' });
  });
});

test.describe('the popup’s usage chart and burn rate', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 2, budget: 5000 } } });
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  test('draws today’s credits per hour with a text summary, and the pace', async () => {
    const { creditsToday } = await control('/state');
    const popup = await openExtensionPage(env.browser, 'popup');
    const chart = popup.getByTestId('popup-chart');
    await chart.waitFor({ timeout: 15_000 });
    const summary = await chart.locator('figcaption').textContent();
    assert.match(
      summary,
      new RegExp(`^${grouped(creditsToday)} cr today\\. Busiest hour: .+ with [\\d,]+ cr\\.`),
    );
    const hours = await chart.locator('rect').count();
    assert.ok(hours >= 1 && hours <= 25, `${hours} hourly bars`);
    assert.equal(await chart.locator('svg').getAttribute('role'), 'img');
    assert.match(
      await popup.getByTestId('popup-burn').textContent(),
      // In the credit day's first hour (or after less than an hour watched) it is too early to project.
      /^~[\d,]+ cr\/h( \(last \d+ min\))? · (on pace for [\d,]+ today|too early to project)$/,
    );
    assert.equal(await popup.getByTestId('popup-budget').textContent(), ' / 5,000');
    await popup.setViewportSize({ width: 360, height: 900 });
    await popup.locator('main.popup').screenshot({ path: join(SHOTS, 'popup-chart.png') });
  });
});

test.describe('keyboard shortcuts', () => {
  const env = useDemoAndBrowser({ browser: { settings: { pollSeconds: 60 } } });

  // Playwright cannot press browser-level shortcuts; the test fires the real `commands.onCommand`
  // event inside the service worker, so the manifest entry and the background's handler are used.
  test('are declared with default keys and toggle the bar and refresh', async () => {
    const options = await openExtensionPage(env.browser, 'options');
    const commands = await options.evaluate(() => chrome.commands.getAll());
    const byName = Object.fromEntries(commands.map((c) => [c.name, c]));
    assert.equal(byName['toggle-bar']?.shortcut, 'Alt+Shift+L');
    assert.equal(byName.refresh?.shortcut, 'Alt+Shift+U');
    assert.equal(byName['toggle-bar']?.description, 'Show or hide the credits bar');

    const worker = await serviceWorker(env.browser);
    const fire = (name) => worker.evaluate((n) => chrome.commands.onCommand.dispatch(n), name);
    const { page, bar } = await openBar(env.browser);
    await fire('toggle-bar');
    await bar.host.waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(
      await options.evaluate(async () => (await chrome.storage.sync.get('settings')).settings.enabled),
      false,
    );
    await fire('toggle-bar');
    await bar.region.waitFor({ timeout: 5_000 });

    // Refresh now, even with nobody looking (the user asked for it).
    await page.close();
    await sleep(1_500);
    await control('/reset-counts', {});
    await fire('refresh');
    await waitFor(
      async () => (await control('/state')).counts['/api/stats/credits/today'] ?? 0,
      (n) => n >= 1,
      { what: 'a refresh' },
    );
  });
});

test.describe('a second language', () => {
  const env = useDemoAndBrowser({
    browser: { settings: { pollSeconds: 2, budget: 5000 }, args: ['--lang=de'] },
  });
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  test('German throughout: bar, popup, options and badge', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(app('/dashboard/tokens'));
    const host = page.locator('meridinate-live-credits-bar');
    await host.locator('.lcb-bar').waitFor({ timeout: 15_000 });
    const labels = await host.locator('.lcb-label').allTextContents();
    assert.deepEqual(labels.slice(0, 3), [
      'Heute gescannte Tokens:',
      'Heute verbrauchte API-Credits:',
      'Neueste:',
    ]);
    assert.ok(await host.getByRole('button', { name: 'Aktualisieren' }).isVisible());
    await host.getByRole('button', { name: /Letzte Credits/ }).click();
    // Numbers in the words' language: "1.452 / 5.000" (made by the background).
    const credits = host.locator('.lcb-item').nth(1).locator('.lcb-value');
    await waitFor(
      () => credits.textContent(),
      (t) => /^\d{1,3}(\.\d{3})* \/ 5\.000$/.test(t),
      { what: 'German grouping' },
    );
    await waitFor(
      () => host.locator('.lcb-status-text').textContent(),
      (t) => t === 'Live' || t === 'Abfrage',
      { what: 'German status' },
    );
    await page.screenshot({ path: join(SHOTS, 'tokens-de.png') });

    const popup = await openExtensionPage(env.browser, 'popup');
    await popup.getByRole('heading', { name: 'Heute nach Stunden' }).waitFor({ timeout: 15_000 });
    assert.ok(await popup.getByRole('heading', { name: 'Live-Credits' }).isVisible());
    assert.ok(await popup.getByText('Leiste in der App anzeigen').isVisible());
    assert.match(
      await popup.getByTestId('popup-burn').textContent(),
      /cr\/h( \(.+\))? · (bei diesem Tempo heute [\d.]+|für eine Hochrechnung zu früh)$/,
    );
    assert.equal(await popup.getByTestId('popup-budget').textContent(), ' / 5.000');
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'de');
    await popup.setViewportSize({ width: 360, height: 900 });
    await popup.locator('main.popup').screenshot({ path: join(SHOTS, 'popup-de.png') });

    const options = await openExtensionPage(env.browser, 'options');
    await options.getByRole('heading', { name: 'Live Credits Bar – Optionen' }).waitFor();
    assert.equal(await options.title(), 'Live Credits Bar – Optionen');
    await options.getByRole('button', { name: 'Verbindung testen' }).click();
    await options.getByText(/^Verbunden\. Version: OLD\./).waitFor({ timeout: 10_000 });
    const badge = await waitFor(
      () => readBadge(options),
      (b) => b.title.includes('API-Credits heute verbraucht'),
      { what: 'German badge tooltip' },
    );
    assert.match(badge.title, /^Live Credits Bar für Meridinate\n/);
  });
});
