// Host-page impact: the Tokens page (OLD demo, the app's own bar and list) while credits are
// recorded every few seconds and two analyses run, with the extension (bar polling every 2 s and
// woken by the hint) and without any extension. A Chrome trace of the page's main thread
// attributes work to the extension by script URL; the page's own observers give long tasks and
// layout shifts; DevTools gives heap and time totals.
import {
  launchBrowser,
  startDemo,
  WATCHER,
  waitForPaintedFigure,
  watched,
  writeSettings,
} from '../browser.mjs';
import { analyseTrace, markTime, startTrace, stopTrace } from '../trace.mjs';
import { sleep, stats } from '../util.mjs';

/**
 * Main-world observers: long tasks and layout shifts. A shift source is the bar's when its node is
 * the bar or inside it, or when the node is hidden (null: nodes in a shadow tree are not exposed)
 * and its rectangle lies within the bar's. `barValue` is the layout-shift formula over the bar's
 * sources alone (impact area of their old and new rectangles × their largest move, as fractions of
 * the viewport), i.e. the shift the bar would have made by itself; `dockValue` is the part where
 * the bar moved as a whole, `contentValue` the part where its content moved inside it.
 */
const OBSERVERS = `(() => {
  if (!/^https?:$/.test(location.protocol) || window.__lcbImpact) return;
  const I = (window.__lcbImpact = { longTasks: [], shifts: [] });
  const describe = (node) =>
    node ? node.nodeName.toLowerCase() + (node.id ? '#' + node.id : '') + (typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\\s+/).slice(0, 3).join('.') : '') : null;
  const rect = (r) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
  const within = (r, box) => box && r.width * r.height > 0 && r.x >= box.x - 2 && r.y >= box.y - 2 &&
    r.x + r.width <= box.x + box.width + 2 && r.y + r.height <= box.y + box.height + 2;
  const area = (r) => Math.max(0, r.width) * Math.max(0, r.height);
  const overlap = (a, b) => area({ width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) I.longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      const host = document.querySelector('meridinate-live-credits-bar');
      const box = host ? rect(host.getBoundingClientRect()) : null;
      for (const e of list.getEntries()) {
        const sources = (e.sources || []).map((s) => {
          const node = s.node;
          const byNode = !!node && !!host && (node === host || host.contains(node) || node.getRootNode?.().host === host);
          const inBar = byNode || (!node && (within(s.currentRect, box) || within(s.previousRect, box)));
          return { node: describe(node), inBar, previousRect: rect(s.previousRect), currentRect: rect(s.currentRect) };
        });
        // The bar's share, split into its moves as a whole (docking above the app's own bar, which
        // the app unmounts while its list reloads) and reflows of its content.
        const score = (list) => {
          if (!list.length) return 0;
          const vw = innerWidth, vh = innerHeight;
          let impact = 0, move = 0;
          const xs = [], ys = [];
          for (const s of list) {
            const a = s.previousRect, b = s.currentRect;
            impact += area(a) + area(b) - overlap(a, b);
            move = Math.max(move, Math.abs(a.x - b.x), Math.abs(a.y - b.y));
            xs.push(a.x, a.x + a.width, b.x, b.x + b.width);
            ys.push(a.y, a.y + a.height, b.y, b.y + b.height);
          }
          const bbox = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
          return Math.min(1, Math.min(impact, bbox) / (vw * vh)) * (move / Math.max(vw, vh));
        };
        const bar = sources.filter((s) => s.inBar);
        // A frame where the bar (or anything in it) moved vertically is a move of the whole bar.
        const moved = bar.some((s) => s.node === 'meridinate-live-credits-bar' || s.previousRect.y !== s.currentRect.y);
        const barValue = score(bar);
        const dockValue = moved ? barValue : 0;
        const contentValue = moved ? 0 : barValue;
        I.shifts.push({ start: e.startTime, value: e.value, barValue, dockValue, contentValue, hadRecentInput: e.hadRecentInput, sources });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
})();`;

/** Cumulative Layout Shift: the largest session window (gaps < 1 s, at most 5 s long). */
function cls(shifts, value = (s) => s.value) {
  let best = 0;
  let current = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const s of shifts.filter((x) => !x.hadRecentInput).sort((a, b) => a.start - b.start)) {
    if (s.start - last > 1000 || s.start - windowStart > 5000) {
      current = 0;
      windowStart = s.start;
    }
    current += value(s);
    last = s.start;
    best = Math.max(best, current);
  }
  return best;
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function condition({ demo, extensionDir, windowMs, pollSeconds }) {
  const browser = await launchBrowser({ extensionDir });
  try {
    if (extensionDir) {
      await writeSettings(browser, { apiBase: demo.apiUrl, appOrigins: demo.appOrigins, pollSeconds });
    }
    await browser.context.addInitScript(WATCHER);
    await browser.context.addInitScript(OBSERVERS);
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(`${demo.appUrl}/dashboard/tokens`);
    if (extensionDir) await waitForPaintedFigure(page);
    await page.waitForSelector('#content-end');
    await sleep(2000);

    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await metrics(cdp);
    await startTrace(cdp);
    const from = await page.evaluate(() => {
      performance.mark('lcb-bench-start');
      return performance.now();
    });
    const started = Date.now();
    let analyses = 0;
    let charges = 0;
    for (let t = 3000; t <= windowMs; t += 3000) {
      await sleep(started + t - Date.now());
      if (analyses < 2 && t >= ((analyses + 1) * windowMs) / 3) {
        await demo.control('/analysis', {});
        analyses += 1;
      } else {
        await demo.control('/charge', { credits: 5 });
        charges += 1;
      }
    }
    await sleep(started + windowMs - Date.now());
    const to = await page.evaluate(() => {
      performance.mark('lcb-bench-end');
      return performance.now();
    });
    const events = await stopTrace(cdp);
    const after = await metrics(cdp);
    await cdp.send('HeapProfiler.collectGarbage');
    const gc = await metrics(cdp);
    const observed = await page.evaluate(() => window.__lcbImpact);
    const barValues = (await watched(page))?.values ?? [];

    const fromUs = markTime(events, 'lcb-bench-start');
    const toUs = markTime(events, 'lcb-bench-end');
    const trace = analyseTrace(events, { pageUrlPrefix: demo.appUrl, fromUs, toUs });
    const within = (x) => x.start >= from && x.start < to;
    const shiftsAll = observed.shifts;
    return {
      windowMs: to - from,
      drive: { charges, analyses },
      barUpdates: barValues.filter((v) => v.at >= from && v.at < to).length,
      trace: {
        tasks: trace.tasks,
        taskMs: trace.taskMs,
        longTasks: trace.longTasks.length,
        longTasksByExtension: trace.longTasks.filter((t) => t.byExtension).length,
        longTaskDetails: trace.longTasks,
        extension: trace.extension,
      },
      observedLongTasks: observed.longTasks.filter(within).length,
      layoutShift: {
        clsPageLife: cls(shiftsAll),
        barClsPageLife: cls(shiftsAll, (s) => s.barValue),
        barDockClsPageLife: cls(shiftsAll, (s) => s.dockValue),
        barContentClsPageLife: cls(shiftsAll, (s) => s.contentValue),
        barSumPageLife: shiftsAll.reduce((sum, x) => sum + x.barValue, 0),
        framesWithBarSources: shiftsAll.filter((x) => x.barValue > 0).length,
        entries: shiftsAll.map((x) => ({
          start: Math.round(x.start),
          value: x.value,
          bar: x.barValue,
          dock: x.dockValue,
          content: x.contentValue,
        })),
      },
      heapUsedAfterGc: gc.JSHeapUsedSize,
      nodesAfterGc: gc.Nodes,
      delta: {
        scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
        taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
        layoutMs: (after.LayoutDuration - before.LayoutDuration) * 1000,
        styleMs: (after.RecalcStyleDuration - before.RecalcStyleDuration) * 1000,
      },
    };
  } finally {
    await browser.close();
  }
}

export async function hostImpact({ runs, extensionDir, log, windowMs = 30_000, pollSeconds = 2 }) {
  const demo = await startDemo({ mode: 'old' });
  const samples = [];
  try {
    for (let run = 0; run < runs; run++) {
      const without = await condition({ demo, extensionDir: null, windowMs, pollSeconds });
      const withExt = await condition({ demo, extensionDir, windowMs, pollSeconds });
      samples.push({ with: withExt, without });
      for (const [label, c] of [
        ['with', withExt],
        ['without', without],
      ]) {
        for (const t of c.trace.longTaskDetails) {
          log(
            `    long task ${label} the extension: ${t.ms.toFixed(0)} ms (${t.parts.join(', ') || 'no part ≥ 5 ms'})`,
          );
        }
      }
      const e = withExt.trace.extension;
      log(
        `  run ${run + 1}: ${withExt.barUpdates} bar updates, ${e.episodes.length} extension episodes, extension script ${e.cpuMs.toFixed(1)} ms; long tasks by the extension ${withExt.trace.longTasksByExtension} (page ${withExt.trace.longTasks} with, ${without.trace.longTasks} without); bar CLS ${withExt.layoutShift.barClsPageLife.toFixed(4)}; heap +${((withExt.heapUsedAfterGc - without.heapUsedAfterGc) / 1024).toFixed(0)} KiB`,
      );
    }
  } finally {
    await demo.close();
  }
  const per = (f) => stats(samples.map(f));
  const episodesCpu = samples.flatMap((s) => s.with.trace.extension.episodes.map((e) => e.cpuMs));
  return {
    note: `OLD Tokens page, ${windowMs / 1000} s: 5 credits every 3 s and 2 analyses; extension polling every ${pollSeconds} s (the shipped poll is 30 s); with vs without the extension.`,
    method: `OLD demo, Tokens page (the app’s own bar and list), viewport 1280×800, headless. For ${windowMs / 1000} s the bench records 5 credits every 3 s and runs an analysis at 1/3 and 2/3 (the page reloads its list and remounts its bar; the hint wakes the extension), first without any extension, then with it (poll every ${pollSeconds} s). A Chrome trace of the page’s main thread gives its tasks (> 50 ms = long) and the script events whose URL is the extension’s (content script and its callbacks): a long task is the extension’s when it ran extension script. An “episode” is extension work with less than 100 ms between its events (one snapshot update or clock tick). Layout shifts come from a PerformanceObserver over the whole page life; a shift is the bar’s when one of its sources is the bar or inside it. Heap: Performance.getMetrics JSHeapUsedSize after a forced GC (the page’s isolate, which holds the content script’s world).`,
    windowMs,
    pollSeconds,
    samples,
    metrics: {
      barUpdates: per((s) => s.with.barUpdates),
      extensionEpisodes: per((s) => s.with.trace.extension.episodes.length),
      extensionCpuMs: per((s) => s.with.trace.extension.cpuMs),
      extensionCpuPerEpisodeMs: stats(episodesCpu),
      extensionLongestEpisodeMs: per((s) =>
        Math.max(0, ...s.with.trace.extension.episodes.map((e) => e.cpuMs)),
      ),
      longTasksByExtension: per((s) => s.with.trace.longTasksByExtension),
      longTasksWith: per((s) => s.with.trace.longTasks),
      longTasksWithout: per((s) => s.without.trace.longTasks),
      clsBar: per((s) => s.with.layoutShift.barClsPageLife),
      clsBarDock: per((s) => s.with.layoutShift.barDockClsPageLife),
      clsBarContent: per((s) => s.with.layoutShift.barContentClsPageLife),
      clsWith: per((s) => s.with.layoutShift.clsPageLife),
      clsWithout: per((s) => s.without.layoutShift.clsPageLife),
      heapAddedKiB: per((s) => (s.with.heapUsedAfterGc - s.without.heapUsedAfterGc) / 1024),
      heapWithKiB: per((s) => s.with.heapUsedAfterGc / 1024),
      heapWithoutKiB: per((s) => s.without.heapUsedAfterGc / 1024),
      nodesAdded: per((s) => s.with.nodesAfterGc - s.without.nodesAfterGc),
      addedTaskMsPerEpisode: per(
        (s) =>
          (s.with.trace.taskMs - s.without.trace.taskMs) /
          Math.max(1, s.with.trace.extension.episodes.length),
      ),
      mainThreadTaskMsWith: per((s) => s.with.trace.taskMs),
      mainThreadTaskMsWithout: per((s) => s.without.trace.taskMs),
      scriptMsWith: per((s) => s.with.delta.scriptMs),
      scriptMsWithout: per((s) => s.without.delta.scriptMs),
      layoutStyleMsWith: per((s) => s.with.delta.layoutMs + s.with.delta.styleMs),
      layoutStyleMsWithout: per((s) => s.without.delta.layoutMs + s.without.delta.styleMs),
    },
  };
}
