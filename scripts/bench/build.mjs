// Builds the extension with the project's own WXT config, into a directory of our choice, so a
// benchmark never loads a build that another process is rewriting under it.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from './util.mjs';

const WXT = join(ROOT, 'node_modules/.bin/wxt');
const OUT_DIR_CONFIG = join(ROOT, 'scripts/bench/wxt-outdir.config.ts');

/**
 * Runs `wxt build` (production, or `mode: 'e2e'`). With `outDir` unset it builds into the
 * project's `.output/`; otherwise into `outDir` through a config that only moves the output.
 * Resolves with the Chrome MV3 directory and the build's wall time in ms.
 */
export async function buildExtension({ mode, outDir } = {}) {
  const args = ['build'];
  const env = {};
  if (outDir) {
    args.push('-c', OUT_DIR_CONFIG);
    env.LCB_OUT_DIR = outDir;
  }
  if (mode) args.push('--mode', mode);
  const started = performance.now();
  await run(WXT, args, { env });
  const ms = performance.now() - started;
  const dir = join(
    outDir ?? join(ROOT, '.output'),
    mode && mode !== 'production' ? `chrome-mv3-${mode}` : 'chrome-mv3',
  );
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`wxt build left no manifest in ${dir}`);
  return { dir, ms };
}

/** A fresh temporary directory for build output. */
export function tempOutDir(prefix = 'lcb-bench-build-') {
  return mkdtempSync(join(tmpdir(), prefix));
}
