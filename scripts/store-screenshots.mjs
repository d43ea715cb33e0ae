#!/usr/bin/env node
// The store listing pictures, made from the demo: five 1280×800 screenshots (the bar light and
// dark, its Recent Credits popover, the popup with its Month view, the
// options) and the 440×280 promo tile, all in docs/store/. Re-run after a UI change:
//   node scripts/store-screenshots.mjs [--no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  app,
  barOf,
  CHROMIUM,
  launchBrowser,
  openExtensionPage,
  ROOT,
  setSettings,
  startDemo,
  waitFor,
} from '../tests/e2e/demo-and-browser.mjs';

const OUT = join(ROOT, 'docs/store');
const SIZE = { width: 1280, height: 800 };
const messages = JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8'));
const ICON = `data:image/png;base64,${readFileSync(join(ROOT, 'public/icon/128.png')).toString('base64')}`;

// The demo runs on free ports, which only the end-to-end build may reach; the options page is
// shot from the production build, so it shows the shipped defaults and limits.
if (!process.argv.includes('--no-build')) {
  for (const args of [['build', '--mode', 'e2e'], ['build']]) {
    const build = spawnSync('npx', ['wxt', ...args], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

/** The options page of the production build, in a browser of its own. */
async function shootShippedOptions() {
  const dir = join(ROOT, '.output/chrome-mv3');
  const profile = mkdtempSync(join(tmpdir(), 'lcb-store-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 700, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const page = await context.newPage();
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
    await page.locator('#apiBase').waitFor();
    return await page.screenshot({ fullPage: true });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
mkdirSync(OUT, { recursive: true });

/** Escapes text for the HTML the framed pictures are made from (the captions are ours). */
const html = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const dataUrl = (png) => `data:image/png;base64,${png.toString('base64')}`;

/**
 * A 1280×800 picture of a view that is smaller than the screen (the popup, the options page):
 * the view's screenshot on the app page, dimmed, with a caption.
 */
async function framed(context, { backdrop, shot, caption, dark, path }) {
  const page = await context.newPage();
  await page.setViewportSize(SIZE);
  await page.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;
    font-family:system-ui,sans-serif;background:#000">
    <img src="${dataUrl(backdrop)}" style="position:absolute;inset:0;width:1280px;height:800px;opacity:.35;filter:blur(2px)">
    <div style="position:absolute;left:56px;top:64px;width:420px;color:${dark ? '#fafafa' : '#fff'}">
      <img src="${ICON}" width="64" height="64" alt="">
      <h1 style="font-size:34px;line-height:1.2;margin:20px 0 12px">${html(caption.title)}</h1>
      <p style="font-size:19px;line-height:1.5;margin:0;opacity:.9">${html(caption.text)}</p>
    </div>
    <img src="${dataUrl(shot)}" style="position:absolute;right:64px;top:40px;max-height:720px;max-width:700px;
      border-radius:10px;box-shadow:0 12px 48px rgba(0,0,0,.6)">
    </body></html>`);
  await page.waitForLoadState('load');
  await page.screenshot({ path });
  await page.close();
}

const demo = await startDemo({ seed: 7 });
const browser = await launchBrowser({ settings: { pollSeconds: 30 } });
try {
  const page = await browser.context.newPage();
  const bar = barOf(page);
  const show = async (theme) => {
    await page.goto(app(`/dashboard/tokens?theme=${theme}`));
    await page.locator(`meridinate-live-credits-bar[data-theme="${theme}"]`).waitFor({ timeout: 15_000 });
    await bar.credits.filter({ hasText: /\d/ }).waitFor();
    // Past the demo's first rows, which hold the hostile names the tests need.
    await page.evaluate(() => {
      document.querySelector('main[data-slot="sidebar-inset"]')?.scrollBy(0, 480);
    });
    await page.waitForTimeout(500);
  };

  await show('light');
  await page.screenshot({ path: join(OUT, 'screenshot-1-bar-light.png') });
  const backdrop = await page.screenshot();
  await bar.recentButton.click();
  await bar.events.first().waitFor();
  await page.screenshot({ path: join(OUT, 'screenshot-3-recent-credits.png') });
  await page.keyboard.press('Escape');
  await show('dark');
  await page.screenshot({ path: join(OUT, 'screenshot-2-bar-dark.png') });

  // A monthly plan, so the Month view shows the cycle and its pace.
  await setSettings(browser, { monthlyPlan: { credits: 100_000, renewDay: 1 } });
  const popup = await openExtensionPage(browser, 'popup');
  await popup.setViewportSize({ width: 360, height: 800 });
  await popup.getByTestId('popup-credits').filter({ hasText: /\d/ }).waitFor();
  // The Month view, opened and filled: the e2e build reads a past day every 2 s.
  const month = popup.getByRole('button', { name: /^Month/ });
  await month.waitFor();
  await month.click();
  await waitFor(
    () => popup.getByTestId('month-status').textContent(),
    (text) => /final and kept/.test(text ?? ''),
    { timeout: 180_000, interval: 1000, what: 'the past days to load' },
  );
  // From the popup's top to the end of the Month view: today's figures above it, big enough to read.
  await popup.setViewportSize({ width: 360, height: 1400 });
  const top = await popup.locator('main').boundingBox();
  const end = await popup.getByTestId('month-panel').boundingBox();
  if (!top || !end) throw new Error('the popup or its Month view has no box');
  await framed(browser.context, {
    backdrop,
    shot: await popup.screenshot({
      clip: { x: top.x, y: top.y, width: top.width, height: end.y + end.height - top.y + 12 },
    }),
    caption: {
      title: 'The month and your plan',
      text: 'Month to date, the last 30 days and the pace of your plan, in the toolbar popup.',
    },
    path: join(OUT, 'screenshot-4-popup.png'),
  });
  await popup.close();

  await framed(browser.context, {
    backdrop,
    shot: await shootShippedOptions(),
    caption: {
      title: 'Your app, your pages, your budget',
      text: 'Point it at your Meridinate, set a daily budget, or let your administrator set it for the team.',
    },
    path: join(OUT, 'screenshot-5-options.png'),
  });

  // The promo tile, from HTML: the icon, the name and a bar like the real one.
  const tile = await browser.context.newPage();
  await tile.setViewportSize({ width: 440, height: 280 });
  await tile.setContent(`<!doctype html><html><body style="margin:0;width:440px;height:280px;overflow:hidden;
    font-family:system-ui,sans-serif;background:linear-gradient(135deg,#0f172a,#1e3a8a);color:#fff">
    <div style="display:flex;gap:16px;align-items:center;padding:36px 32px 0">
      <img src="${ICON}" width="72" height="72" alt="">
      <div style="font-size:26px;font-weight:700;line-height:1.15">${html(messages.extName.message)}</div>
    </div>
    <p style="margin:18px 32px 0;font-size:16px;opacity:.9">Live API credits and analyses, right in the dashboard.</p>
    <div style="position:absolute;left:0;right:0;bottom:0;height:40px;background:#fff;color:#171717;
      display:flex;gap:14px;align-items:center;padding:0 14px;font-size:12px;white-space:nowrap;
      border-top:1px solid #d4d4d4">
      <span>Tokens Scanned: <b>42</b></span><span>API Credits Used Today: <b>1,284</b></span>
      <span style="margin-left:auto;color:#15803d">● Live</span>
    </div>
    </body></html>`);
  await tile.screenshot({ path: join(OUT, 'promo-tile-440x280.png') });
  await tile.close();
  console.log(`Store pictures written to ${OUT}`);
} finally {
  await browser.close();
  await demo.close();
}
