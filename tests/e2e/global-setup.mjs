// Before the end-to-end specs: Chromium is there, the e2e flavour of the extension is built, and
// the run tests its own copy of the build (so a rebuild elsewhere cannot change it under a test).
// Returns the teardown.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import { ROOT } from './demo-and-browser.mjs';

export default function globalSetup() {
  ensureChromium();
  const build = spawnSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`wxt build --mode e2e failed (${build.status})`);
  const extensionDir = mkdtempSync(join(tmpdir(), 'lcb-extension-'));
  cpSync(join(ROOT, '.output/chrome-mv3-e2e'), extensionDir, { recursive: true });
  // Where the fault matrix's lanes, run by several workers, leave their rows for the report.
  const reportDir = mkdtempSync(join(tmpdir(), 'lcb-report-rows-'));
  // Workers start after this and inherit the environment.
  process.env.LCB_EXTENSION_DIR = extensionDir;
  process.env.LCB_REPORT_DIR = reportDir;
  return () => {
    rmSync(extensionDir, { recursive: true, force: true });
    rmSync(reportDir, { recursive: true, force: true });
  };
}
