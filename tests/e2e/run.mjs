// Builds the end-to-end flavour of the extension and runs every spec in real browsers.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import { ROOT } from './harness.mjs';

ensureChromium();
const build = spawnSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Each run tests its own copy of the build, so a rebuild elsewhere cannot change it under a test.
const extensionDir = mkdtempSync(join(tmpdir(), 'lcb-extension-'));
cpSync(join(ROOT, '.output/chrome-mv3-e2e'), extensionDir, { recursive: true });

const only = process.argv.slice(2);
const specs = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.spec.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join(import.meta.dirname, f));
const run = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...specs],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, LCB_EXTENSION_DIR: extensionDir } },
);
rmSync(extensionDir, { recursive: true, force: true });
process.exit(run.status ?? 1);
