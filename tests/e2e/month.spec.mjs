// The popup's Month view against the demo: past server days from credits/range only while the view
// is open (paced, inside the hourly budget), figures checked against the demo's own daily totals
// (a server in another time zone), days the back end no longer has shown as unknown, and the CSV
// downloads (today's events with a hostile operation name neutralised, the daily history).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { control, launchBrowser, openExtensionPage, ROOT, waitFor } from './demo-and-browser.mjs';
import { test, useDemoAndBrowser } from './fixtures.mjs';

const SHOTS = join(ROOT, 'test-results/screenshots');
const RANGE = '/api/stats/credits/range';
/** The e2e build's spacing between range reads (the shipped one is 10 s). */
const SPACING_MS = 2_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const grouped = (n) => n.toLocaleString('en-US');
const rangeCount = async () => (await control('/state')).counts[RANGE] ?? 0;

/** The extension's storage.local, read from an extension page. */
const local = (page, key) => page.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key);

async function openMonth(browser) {
  const popup = await openExtensionPage(browser, 'popup');
  await popup.getByTestId('popup-credits').filter({ hasText: /\d/ }).waitFor({ timeout: 15_000 });
  return popup;
}

/** Waits until every past day is loaded (the status says so). */
async function waitForHistory(popup) {
  await waitFor(
    () => popup.getByTestId('month-status').textContent(),
    (text) => /final and kept/.test(text ?? ''),
    { timeout: 180_000, interval: 1000, what: 'the past days to load' },
  );
}

async function download(popup, name) {
  const [file] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

test.describe('the Month view', () => {
  // Tokyo: the server's dates are not the browser's (UTC) dates for nine hours a day.
  const env = useDemoAndBrowser({ demo: { tz: 'Asia/Tokyo' }, browser: { settings: { pollSeconds: 2 } } });
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  test('loads the 30 server days only while open, paced, and matches the demo’s daily totals', async () => {
    const popup = await openMonth(env.browser);
    // Open popup, Month view closed: the poll runs, the history does not (the probe's one read aside).
    await sleep(3000);
    const closedBefore = await rangeCount();
    await sleep(8000);
    assert.equal(await rangeCount(), closedBefore, 'no range read while the Month view is closed');

    const openedAt = Date.now();
    await popup.getByRole('button', { name: 'Month' }).click();
    assert.equal(await popup.getByRole('button', { name: 'Month' }).getAttribute('aria-expanded'), 'true');
    await waitForHistory(popup);

    const { days: truth } = await control('/daily');
    const today = truth[30];
    const settings = await popup.evaluate(async () => (await chrome.storage.sync.get('settings')).settings);
    const cache = (await local(popup, 'history'))[settings.apiBase];
    for (const day of truth.slice(0, 30)) assert.equal(cache.days[day.date], day.credits, day.date);

    // Paced: never two range reads closer than the spacing, all inside the hourly budget.
    // (The engine's own probe reads `range?days=1` at start, before the view opened.)
    const times = (await local(popup, 'requestLog'))[RANGE].filter((t) => t >= openedAt);
    assert.ok(times.length >= 30, `${times.length} reads`);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    assert.ok(Math.min(...gaps) >= SPACING_MS - 50, `gaps ${gaps.join(', ')}`);
    assert.ok(times.length <= 125);

    // Month to date: this server month's days, today included.
    const monthStart = `${today.date.slice(0, 8)}01`;
    const expected = truth.filter((d) => d.date >= monthStart).reduce((s, d) => s + d.credits, 0);
    assert.equal(await popup.getByTestId('month-total').textContent(), grouped(expected));
    const whole = truth.slice(1, 30);
    const busiest = whole.reduce((a, b) => (b.credits > a.credits ? b : a));
    assert.match(
      await popup.getByTestId('month-busiest').textContent(),
      new RegExp(`, ${grouped(busiest.credits)} cr$`),
    );
    const chart = popup.getByTestId('month-chart');
    assert.equal(await chart.locator('rect').count(), 30);
    assert.equal(await chart.locator('svg').getAttribute('role'), 'img');
    assert.equal(await chart.locator(`rect[data-date="${today.date}"]`).getAttribute('data-state'), 'today');
    const quiet = whole.find((d) => d.credits === 0 && d.date > whole.find((x) => x.credits > 0).date);
    if (quiet)
      assert.equal(
        await chart.locator(`rect[data-date="${quiet.date}"]`).getAttribute('data-state'),
        'known',
      );

    // Once full, nothing more is read while the view stays open, and nothing once it is closed.
    const full = await rangeCount();
    await sleep(6000);
    assert.equal(await rangeCount(), full);
    await popup.getByRole('button', { name: 'Month' }).click();
    await sleep(4000);
    assert.equal(await rangeCount(), full);
    await popup.getByRole('button', { name: 'Month' }).click();

    for (const scheme of ['light', 'dark']) {
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize({ width: 360, height: 1200 });
      await popup.getByTestId('month-panel').screenshot({ path: join(SHOTS, `popup-month-${scheme}.png`) });
    }
    await popup.emulateMedia({ colorScheme: 'light' });

    // The daily CSV: what the chart shows, unknown days empty.
    const daily = await download(popup, 'Export 30 days (CSV)');
    assert.equal(daily.name, `credits-daily-${today.date}.csv`);
    const lines = daily.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    assert.equal(lines[0], 'date,credits,state');
    assert.equal(lines.length, 31);
    for (const day of truth.slice(1)) {
      assert.ok(
        lines.includes(`${day.date},${day.credits},${day.date === today.date ? 'today' : 'known'}`),
        day.date,
      );
    }
  });

  test('exports today’s events with hostile names neutralised', async () => {
    const hostile = '=HYPERLINK("http://x","y")';
    const { ids } = await control('/charge', { operation: hostile, credits: 3 });
    const popup = await openMonth(env.browser);
    await popup.getByRole('button', { name: 'Month' }).click();
    await waitFor(
      async () => (await local(popup, 'todayRows'))?.rows.map((r) => r.id) ?? [],
      (kept) => kept.includes(ids[0]),
      { timeout: 20_000, what: 'the new row to be kept' },
    );
    const events = await download(popup, "Export today's events (CSV)");
    const lines = events.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    assert.equal(lines[0], 'id,server_time,operation,credits,token');
    const line = lines.find((l) => l.startsWith(`${ids[0]},`));
    assert.match(line, /^\d+,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},"'=HYPERLINK\(""http:\/\/x"",""y""\)",3,$/);
    // Every row is of the server's today (Tokyo time).
    const { days } = await control('/daily');
    for (const row of lines.slice(1)) assert.ok(row.split(',')[1].startsWith(days[30].date), row);
  });

  test('days the back end no longer has show as unknown, not 0', async () => {
    const { days } = await control('/daily');
    const cut = days[20].date;
    await control('/forget-before', { date: cut });
    await env.browser.close();
    env.browser = await launchBrowser({ settings: { pollSeconds: 2 } });
    const popup = await openMonth(env.browser);
    await popup.getByRole('button', { name: 'Month' }).click();
    await waitForHistory(popup);
    const chart = popup.getByTestId('month-chart');
    const firstActive = days.slice(20, 30).find((d) => d.credits > 0)?.date ?? days[30].date;
    for (const day of days.slice(1, 30)) {
      const state = await chart.locator(`rect[data-date="${day.date}"]`).getAttribute('data-state');
      assert.equal(state, day.date < firstActive ? 'unknown' : 'known', day.date);
    }
  });
});
