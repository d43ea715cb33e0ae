// Time to bar: navigation start → the bar painted with a credits figure, cold (fresh profile, no
// stored snapshot) and with a stored snapshot (full page load), and a client-side route change
// (sidebar link, history.pushState) into the Tokens page.
import {
  hasFigure,
  launchBrowser,
  startDemo,
  WATCHER,
  waitForPaintedFigure,
  watched,
  writeSettings,
} from '../browser.mjs';
import { sleep, stats } from '../util.mjs';

async function navTiming(page) {
  return page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
}

/** One full page load of `url`; returns when the bar painted a figure, relative to navigation start. */
async function loadAndWait(page, url) {
  await page.goto(url);
  const painted = await waitForPaintedFigure(page);
  const w = await watched(page);
  const timing = await navTiming(page);
  return {
    paint: painted.paintAt,
    afterDcl: painted.paintAt - timing.dcl,
    dcl: timing.dcl,
    hostAt: w.hostAt,
    firstPaintHadFigure: hasFigure(w.values[0]?.text),
  };
}

export async function timeToBar({ runs, extensionDir, log }) {
  const demo = await startDemo({ mode: 'old' });
  const samples = [];
  try {
    for (let run = 0; run < runs; run++) {
      const browser = await launchBrowser({ extensionDir });
      try {
        await writeSettings(browser, { apiBase: demo.apiUrl, appOrigins: demo.appOrigins, pollSeconds: 30 });
        await browser.context.addInitScript(WATCHER);
        const page = await browser.context.newPage();
        const tokens = `${demo.appUrl}/dashboard/tokens`;
        const cold = await loadAndWait(page, tokens);
        await sleep(500);
        await page.goto(`${demo.appUrl}/dashboard/trash`);
        await sleep(300);
        const warm = await loadAndWait(page, tokens);
        await page.goto(`${demo.appUrl}/dashboard/trash`);
        await sleep(500);
        await page.evaluate(() => {
          window.__lcbBench.routeStart = performance.now();
          document.querySelector('.sidebar-nav a[href="/dashboard/tokens"]').click();
        });
        const painted = await waitForPaintedFigure(page);
        const route = { ms: painted.paintAt - (await watched(page)).routeStart };
        samples.push({ cold, warm, route });
        log(
          `  run ${run + 1}: cold ${cold.paint.toFixed(0)} ms, stored ${warm.paint.toFixed(0)} ms (${warm.afterDcl.toFixed(0)} after DCL), route change ${route.ms.toFixed(0)} ms`,
        );
      } finally {
        await browser.close();
      }
    }
  } finally {
    await demo.close();
  }
  return {
    note: 'OLD demo, fresh profile per run; time to the frame that paints the first credits figure.',
    method:
      'Fresh Chromium profile per run, OLD demo, Tokens page. A main-world MutationObserver on the bar’s open shadow root logs the first “API Credits Used Today” figure; the time is that of the next requestAnimationFrame callback (the frame that paints it), from navigation start (performance.now()). Cold: no stored snapshot, the figure needs the first fetch. Stored: the same tab loads the page again with the snapshot in storage. Route change: from the Trash page, a click on the sidebar link (pushState); time from the click.',
    samples,
    metrics: {
      coldFromNavStart: stats(samples.map((s) => s.cold.paint)),
      coldAfterDcl: stats(samples.map((s) => s.cold.afterDcl)),
      storedFromNavStart: stats(samples.map((s) => s.warm.paint)),
      storedAfterDcl: stats(samples.map((s) => s.warm.afterDcl)),
      routeChange: stats(samples.map((s) => s.route.ms)),
    },
    storedFirstPaintHadFigure: samples.every((s) => s.warm.firstPaintHadFigure),
  };
}
