// Runs the product: builds the extension, starts the demo app with its live simulator, and opens
// Chromium with the extension on the Tokens page. With a display the browser stays open until
// you close it (or press Ctrl-C); without one it runs headless, saves a screenshot and exits.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from './ensure-chromium.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const EXTENSION = join(ROOT, '.output/chrome-mv3');
const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const executablePath = ensureChromium();

const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { startDemo } = await import(join(ROOT, 'demo/server.mjs'));
const demo = await startDemo({});
console.log(`Demo app: ${demo.appUrl}/dashboard/tokens   API: ${demo.apiUrl}`);

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lcb-run-')), {
  executablePath,
  headless,
  viewport: headless ? { width: 1280, height: 800 } : null,
  args: [
    ...(headless ? ['--no-sandbox', '--disable-gpu'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto('http://localhost:3000/dashboard/tokens');

const stop = async () => {
  await context.close().catch(() => {});
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

if (headless) {
  const bar = page.locator('meridinate-live-credits-bar .lcb-bar');
  await bar.waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    () => {
      const host = document.querySelector('meridinate-live-credits-bar');
      const text = host?.shadowRoot?.textContent ?? '';
      return /API Credits Used Today:\s*[\d,]+/.test(text);
    },
    undefined,
    { timeout: 20_000 },
  );
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'run-screenshot.png');
  await page.screenshot({ path });
  console.log(`No display: ran headless and saved a screenshot of the Tokens page with the bar to ${path}`);
  await stop();
} else {
  console.log('Chromium is open on the Tokens page. Close the browser or press Ctrl-C to stop.');
  context.on('close', () => stop());
}
