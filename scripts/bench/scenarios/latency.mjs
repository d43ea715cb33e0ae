// Update latency: the demo records credits → the bar paints the new figure. With the WebSocket hint
// (POST /analysis records an analysis and broadcasts `analysis_complete`), and by polling alone
// (the hint socket refused by the demo, so only the poll alarm brings the change).
import {
  figure,
  hasFigure,
  launchBrowser,
  readSnapshot,
  startDemo,
  until,
  WATCHER,
  waitForPaintedFigure,
  watched,
  writeSettings,
} from '../browser.mjs';
import { sleep, stats } from '../util.mjs';

/** Triggers `action` (which records credits) and waits for the bar to paint `expected` credits. */
async function measure(page, action, { timeout }) {
  const before = (await watched(page)).values.length;
  const t0 = Date.now();
  const { creditsToday } = await action();
  const entry = await until(
    async () => {
      const w = await watched(page);
      return (
        w.values
          .slice(before)
          .find((v) => hasFigure(v.text) && figure(v.text) === creditsToday && v.paintEpoch !== null) ?? null
      );
    },
    { timeout, interval: 20, what: `the bar to show ${creditsToday} credits` },
  );
  return { ms: entry.paintEpoch - t0, credits: creditsToday };
}

async function session(demo, extensionDir, pollSeconds) {
  const browser = await launchBrowser({ extensionDir });
  await writeSettings(browser, { apiBase: demo.apiUrl, appOrigins: demo.appOrigins, pollSeconds });
  await browser.context.addInitScript(WATCHER);
  const page = await browser.context.newPage();
  await page.goto(`${demo.appUrl}/dashboard/tokens`);
  await waitForPaintedFigure(page);
  return { browser, page };
}

export async function updateLatency({ runs, extensionDir, log, pollSeconds = 5 }) {
  const demo = await startDemo({ mode: 'old' });
  const hint = [];
  const poll = [];
  try {
    // With the hint: a long poll interval (the shipped 30 s) so that polls do not bring the change.
    {
      const { browser, page } = await session(demo, extensionDir, 30);
      try {
        await until(async () => (await readSnapshot(browser))?.socket === 'connected', {
          what: 'the hint socket',
        });
        for (let i = 0; i < runs; i++) {
          // Analyses further apart than the product's hint window (one hint-driven refresh per
          // 5 s, utils/schedule/policy.ts): closer ones are coalesced by design, not slow.
          await sleep(6000);
          const r = await measure(page, () => demo.control('/analysis', {}), { timeout: 10_000 });
          hint.push(r.ms);
          log(`  hint ${i + 1}: ${r.ms.toFixed(0)} ms`);
        }
      } finally {
        await browser.close();
      }
    }
    // Polling alone: the socket is refused, so only the poll alarm brings the change.
    await demo.control('/fault', { target: 'ws', kind: 'refuse' });
    {
      const { browser, page } = await session(demo, extensionDir, pollSeconds);
      try {
        for (let i = 0; i < runs; i++) {
          // Charges land at a random phase of the poll cycle.
          await sleep(Math.random() * pollSeconds * 1000);
          const r = await measure(page, () => demo.control('/charge', { credits: 7 }), {
            timeout: (pollSeconds + 10) * 1000,
          });
          poll.push(r.ms);
          log(`  poll ${i + 1}: ${r.ms.toFixed(0)} ms`);
        }
        const snapshot = await readSnapshot(browser);
        if (snapshot?.socket === 'connected') throw new Error('the hint socket connected although refused');
      } finally {
        await browser.close();
      }
    }
  } finally {
    await demo.close();
  }
  return {
    note: `OLD demo; hint: POST /analysis with the shipped 30 s poll; polling alone: WebSocket refused, ${pollSeconds} s poll; ${runs} samples each.`,
    method: `OLD demo, Tokens page. Time from just before the bench asks the demo to record credits to the frame that paints the new total in the bar (epoch clocks of the same machine). Hint: POST /analysis (rows recorded, then analysis_complete broadcast), poll interval 30 s, ${runs} analyses 2.5 s apart. Polling alone: the demo refuses the WebSocket, poll interval ${pollSeconds} s, POST /charge at a random phase of the cycle.`,
    pollSeconds,
    metrics: { hint: stats(hint), poll: stats(poll) },
    targets: { hintMs: 1000, pollMs: (pollSeconds + 1) * 1000 },
  };
}
