// Back-end load: requests per minute per endpoint with 1, 5 and 10 open Tokens tabs, the extension
// next to the per-tab baseline (both in the same tabs, each through its own counting tap in front
// of the demo API), and with no bar and no popup at all. Time is compressed by `factor` on both
// sides (see virtual-clock.mjs and baseline.mjs); rates are given per minute of normal time.
import { baselineScript } from '../baseline.mjs';
import {
  launchBrowser,
  openTap,
  startDemo,
  WATCHER,
  waitForPaintedFigure,
  writeSettings,
} from '../browser.mjs';
import { sleep, stats } from '../util.mjs';
import { installVirtualClock, virtualClockActive } from '../virtual-clock.mjs';

const TAB_COUNTS = [1, 5, 10];

/** Per-minute rates (normal time) from counts over `realMs` of compressed time. */
function perMinute(counts, realMs, factor) {
  const minutes = (realMs * factor) / 60_000;
  const out = {};
  for (const [path, n] of Object.entries(counts)) out[path] = n / minutes;
  return out;
}
const total = (rates) => Object.values(rates).reduce((s, v) => s + v, 0);

/**
 * The user moves focus to the next open tab every `everyMs` (a window focus: `blur` on the one
 * left, `focus` on the one reached). Headless tabs all stay visible, so this is a focus change,
 * not a visibility change; both sides receive the same events.
 */
function focusCycler(pages, everyMs) {
  let index = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await sleep(everyMs);
      if (stopped || pages.length === 0) break;
      const from = pages[index % pages.length];
      index += 1;
      const to = pages[index % pages.length];
      await from.evaluate(() => window.dispatchEvent(new FocusEvent('blur'))).catch(() => {});
      await to.evaluate(() => window.dispatchEvent(new FocusEvent('focus'))).catch(() => {});
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

async function oneRun({ demo, ours, base, extensionDir, factor, windowMs, idleMs, focusEveryMs, log }) {
  const browser = await launchBrowser({ extensionDir });
  const result = { idle: [], tabs: [] };
  try {
    await installVirtualClock(browser.worker, factor);
    await writeSettings(browser, { apiBase: ours.url, appOrigins: demo.appOrigins, pollSeconds: 30 });
    await browser.context.addInitScript(WATCHER);
    await browser.context.addInitScript(baselineScript({ api: base.url, factor }));
    const other = await browser.context.newPage();
    await other.goto(`${demo.appUrl}/dashboard/trash`);

    const idleWindow = async (label) => {
      await sleep(1000);
      const from = Date.now();
      await sleep(idleMs);
      const counts = ours.countsBetween(from);
      result.idle.push({
        label,
        realMs: Date.now() - from,
        counts,
        perMinute: perMinute(counts, idleMs, factor),
      });
    };
    await idleWindow('before any bar (a non-target app page open)');

    const pages = [];
    for (const n of TAB_COUNTS) {
      const opened = await Promise.all(
        Array.from({ length: n - pages.length }, async () => {
          const page = await browser.context.newPage();
          await page.goto(`${demo.appUrl}/dashboard/tokens`);
          await waitForPaintedFigure(page);
          return page;
        }),
      );
      pages.push(...opened);
      await sleep(1500);
      const visible = (
        await Promise.all(pages.map((p) => p.evaluate(() => document.visibilityState)))
      ).filter((v) => v === 'visible').length;
      const stop = focusCycler(pages, focusEveryMs);
      const from = Date.now();
      await sleep(windowMs);
      const to = Date.now();
      await stop();
      const realMs = to - from;
      const oursCounts = ours.countsBetween(from, to);
      const baseCounts = base.countsBetween(from, to);
      const oursRates = perMinute(oursCounts, realMs, factor);
      const baseRates = perMinute(baseCounts, realMs, factor);
      result.tabs.push({
        tabs: n,
        visible,
        realMs,
        ours: { counts: oursCounts, perMinute: oursRates, total: total(oursRates) },
        baseline: { counts: baseCounts, perMinute: baseRates, total: total(baseRates) },
      });
    }
    for (const page of pages) await page.close();
    await idleWindow('after the bar tabs were closed');
    result.clockKept = await virtualClockActive(browser.worker, factor);
    const line = result.tabs
      .map(
        (t) =>
          `${t.tabs} tab${t.tabs > 1 ? 's' : ''}: ours ${t.ours.total.toFixed(1)}/min vs ${t.baseline.total.toFixed(1)}/min`,
      )
      .join('; ');
    log(`  ${line}; idle ${result.idle.map((i) => total(i.perMinute).toFixed(1)).join(' and ')}/min`);
    if (!result.clockKept) log('  warning: the service worker lost its virtual clock during the run');
  } finally {
    await browser.close();
  }
  return result;
}

export async function backendLoad({
  runs,
  extensionDir,
  log,
  factor = 15,
  windowMs = 10_000,
  idleMs = 5_000,
}) {
  const demo = await startDemo({ mode: 'head' });
  const ours = await openTap(demo, 'extension');
  const base = await openTap(demo, 'baseline');
  const focusEveryMs = 60_000 / factor;
  const samples = [];
  try {
    for (let run = 0; run < runs; run++) {
      samples.push(
        await oneRun({ demo, ours, base, extensionDir, factor, windowMs, idleMs, focusEveryMs, log }),
      );
    }
  } finally {
    await ours.close();
    await base.close();
    await demo.close();
  }

  const endpoints = (side) => {
    const set = new Set();
    for (const s of samples)
      for (const t of s.tabs) for (const p of Object.keys(t[side].perMinute)) set.add(p);
    return [...set].sort();
  };
  const byTabs = TAB_COUNTS.map((tabs) => {
    const rows = samples.map((s) => s.tabs.find((t) => t.tabs === tabs));
    const per = (side) =>
      Object.fromEntries(endpoints(side).map((p) => [p, stats(rows.map((r) => r[side].perMinute[p] ?? 0))]));
    return {
      tabs,
      visible: Math.min(...rows.map((r) => r.visible)),
      ours: { total: stats(rows.map((r) => r.ours.total)), perEndpoint: per('ours') },
      baseline: { total: stats(rows.map((r) => r.baseline.total)), perEndpoint: per('baseline') },
      ratio: stats(rows.map((r) => (r.baseline.total > 0 ? r.ours.total / r.baseline.total : null))),
    };
  });
  const oursTotals = byTabs.map((t) => t.ours.total.median);
  const idle = samples.flatMap((s) => s.idle.map((i) => total(i.perMinute)));
  return {
    note: `HEAD demo; both sides ${factor}× time-compressed, ${windowMs / 1000} s real (${(windowMs * factor) / 60_000} min normal) per tab count; every tab visible (headless); baseline = the app's HEAD bottom bar in every tab.`,
    method: `HEAD demo, Tokens tabs, headless Chromium (every tab visible). Time compressed ${factor}×: the extension's background runs a virtual clock ${factor}× fast (Date.now, timers and alarms scaled; settings at the shipped 30 s poll), and the baseline page script polls every ${30 / factor} s real. Each tab count is measured for ${windowMs / 1000} s real (${(windowMs * factor) / 60_000} min of normal time) after the tabs have loaded; meanwhile the user focuses the next tab every ${focusEveryMs / 1000} s real (60 s normal). Counts come from two taps in front of the demo API (one per side), so the demo page’s own requests are not counted. Rates are per minute of normal time. Idle: ${idleMs / 1000} s real windows with only a non-target app page open, before any bar and after the bar tabs were closed.`,
    factor,
    windowMs,
    idleMs,
    samples,
    byTabs,
    idlePerMinute: stats(idle),
    flatness: {
      oursTotalPerTabCount: oursTotals,
      maxOverMin: Math.min(...oursTotals) > 0 ? Math.max(...oursTotals) / Math.min(...oursTotals) : null,
    },
    clockKept: samples.every((s) => s.clockKept),
  };
}
