// Real-browser geometry of the app shell, the OLD status bar and HEAD's own bars (API.md §8), in
// headless Chromium.
// Skipped when no Chromium is installed (set CHROMIUM_PATH to point at one).

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './test-utils.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BAR = 'div.fixed.bottom-0.border-t';

describe.skipIf(!existsSync(CHROMIUM))('geometry in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  /** @type {import('playwright-core').Browser} */
  let browser;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** @param {number} width @param {string} [query] */
  async function barInfo(width, query = '') {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`http://localhost:${t.demo.ports.app}/dashboard/tokens${query}`);
    await page.waitForSelector('#tokens-table tbody tr[data-token-id]');
    await page.waitForSelector(BAR);
    const info = await page.evaluate((sel) => {
      const bar = /** @type {HTMLElement} */ (document.querySelector(sel));
      const r = bar.getBoundingClientRect();
      const cs = getComputedStyle(bar);
      const main = /** @type {HTMLElement} */ (document.querySelector('main[data-slot="sidebar-inset"]'));
      return {
        height: r.height,
        left: r.left,
        right: r.right,
        bottom: r.bottom,
        position: cs.position,
        zIndex: cs.zIndex,
        blur: cs.backdropFilter,
        borderTop: cs.borderTopWidth,
        mainScrolls: main.scrollHeight > main.clientHeight && getComputedStyle(main).overflowY === 'auto',
        bodyOverflow: getComputedStyle(document.body).overflow,
        htmlOverflow: getComputedStyle(document.documentElement).overflow,
      };
    }, BAR);
    await page.close();
    return info;
  }

  it('is fixed, full width, z-index 50, 48 px at ≥1024 px and 37 px below', async () => {
    const wide = await barInfo(1280);
    expect(wide).toMatchObject({
      height: 48,
      left: 0,
      right: 1280,
      bottom: 800,
      position: 'fixed',
      zIndex: '50',
      blur: 'blur(8px)',
      borderTop: '1px',
      mainScrolls: true,
      bodyOverflow: 'hidden',
      htmlOverflow: 'hidden',
    });
    expect((await barInfo(900)).height).toBe(37);
  });

  it('keeps 48 px with a 10,000-character or emoji latest token name', async () => {
    await t.ctl('POST', '/analysis', { name: 'W'.repeat(10_000), broadcast: false });
    expect((await barInfo(1280)).height).toBe(48);
    await t.ctl('POST', '/analysis', { name: '🚀 Moon Doge 月球狗 🐕‍🦺 𝕄𝕆𝕆ℕ \u202Eevil', broadcast: false });
    expect((await barInfo(1280)).height).toBe(48);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('HEAD’s bars in Chromium', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  /** @type {import('playwright-core').Browser} */
  let browser;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'head', headPages: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** @param {number} width */
  async function bars(width) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`http://localhost:${t.demo.ports.app}/dashboard/bot-tracker`);
    // Wait for the first answer: the latest token's two lines (at ≥ 1024 px) make the bar 48 px.
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('wallets'), BAR);
    await page.waitForFunction(() =>
      document.querySelector('header + div.h-12')?.textContent?.includes('Helius'),
    );
    const info = await page.evaluate((sel) => {
      const bar = /** @type {HTMLElement} */ (document.querySelector(sel));
      const r = bar.getBoundingClientRect();
      const cs = getComputedStyle(bar);
      const row = /** @type {HTMLElement} */ (document.querySelector('header + div.h-12'));
      const header = /** @type {HTMLElement} */ (document.querySelector('header'));
      return {
        height: r.height,
        left: r.left,
        right: r.right,
        bottom: r.bottom,
        position: cs.position,
        zIndex: cs.zIndex,
        blur: cs.backdropFilter,
        borderTop: cs.borderTopWidth,
        rowHeight: row.getBoundingClientRect().height,
        rowTop: row.getBoundingClientRect().top - header.getBoundingClientRect().bottom,
        rowScrollsAway: getComputedStyle(row).position === 'static',
      };
    }, BAR);
    await page.close();
    return info;
  }

  it('is fixed, full width, z-index 50, 48 px at ≥1024 px and 45 px below; the header row 48 px', async () => {
    expect(await bars(1280)).toMatchObject({
      height: 48,
      left: 0,
      right: 1280,
      bottom: 800,
      position: 'fixed',
      zIndex: '50',
      blur: 'blur(8px)',
      borderTop: '1px',
      rowHeight: 48,
      rowTop: 0,
      rowScrollsAway: true,
    });
    expect((await bars(900)).height).toBe(45);
  });

  it('keeps 48 px with a 10,000-character latest token name', async () => {
    await t.ctl('POST', '/analysis', { name: 'W'.repeat(10_000), broadcast: false });
    expect((await bars(1280)).height).toBe(48);
  });
});
