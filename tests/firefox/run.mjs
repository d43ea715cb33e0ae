// Builds the Firefox end-to-end flavours of the extension (MV2, WXT's default, and MV3) and runs
// every Firefox spec in headless firefox-esr, driven by puppeteer-core over WebDriver BiDi.
// `node tests/firefox/run.mjs [name…]` runs only the spec files whose names contain a given word.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIREFOX, ROOT } from './harness.mjs';

/** Makes sure Debian's firefox-esr is there; installs it as root on Debian (as CI runs). */
function ensureFirefox() {
  if (existsSync(FIREFOX)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('firefox-esr is missing: installing Debian’s firefox-esr package…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'firefox-esr'], { stdio: 'inherit', env });
    if (existsSync(FIREFOX)) return;
  }
  console.error(
    `Firefox not found at ${FIREFOX}. Install it (sudo apt-get install -y firefox-esr) or set FIREFOX_PATH.`,
  );
  process.exit(1);
}

ensureFirefox();
const flavours = [
  { args: ['-b', 'firefox'], out: 'firefox-mv2-e2e', env: 'LCB_FIREFOX_MV2_DIR' },
  { args: ['-b', 'firefox', '--mv3'], out: 'firefox-mv3-e2e', env: 'LCB_FIREFOX_MV3_DIR' },
];
const env = { ...process.env };
const copies = [];
for (const flavour of flavours) {
  const build = spawnSync('npx', ['wxt', 'build', ...flavour.args, '--mode', 'e2e'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Each run tests its own copy of the build, so a rebuild elsewhere cannot change it under a test.
  const dir = mkdtempSync(join(tmpdir(), `lcb-${flavour.out}-`));
  cpSync(join(ROOT, '.output', flavour.out), dir, { recursive: true });
  env[flavour.env] = dir;
  copies.push(dir);
}

const only = process.argv.slice(2);
const specs = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.spec.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join(import.meta.dirname, f));
const run = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-timeout=90000', '--test-reporter=spec', ...specs],
  { cwd: ROOT, stdio: 'inherit', env },
);
for (const dir of copies) rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
