#!/usr/bin/env node
// The store packages, checked the way the stores check them: `npm run zip` makes the Chrome Web
// Store zip, the Firefox add-on zip and the sources zip addons.mozilla.org asks for; the Chrome zip
// must pack into a .crx with Chromium's own packer, the Firefox zip must pass `web-ext lint` with
// the store's rules (no --self-hosted). Exits 1 on any failure.
//   node scripts/check-packages.mjs [--no-zip]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const zipPath = (suffix) => join(ROOT, '.output', `${name}-${version}-${suffix}.zip`);
const PACKAGES = {
  chrome: zipPath('chrome-mv3'),
  firefox: zipPath('firefox-mv2'),
  sources: zipPath('sources'),
};

/** Runs a command; returns its status and output (printed when it fails). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', ...options });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

const failures = [];
const check = (what, ok, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(`${what}${detail ? `\n${detail}` : ''}`);
};

if (!process.argv.includes('--no-zip')) {
  const zip = run('npm', ['run', 'zip', '--silent']);
  check('npm run zip', zip.status === 0, zip.output);
}
for (const [kind, path] of Object.entries(PACKAGES)) check(`${kind} zip: ${path}`, existsSync(path));

const work = mkdtempSync(join(tmpdir(), 'lcb-packages-'));
try {
  if (existsSync(PACKAGES.chrome)) {
    // Chromium's packer makes a throwaway key beside the directory: all of it in the temp folder.
    const dir = join(work, 'chrome');
    const unzip = run('unzip', ['-q', PACKAGES.chrome, '-d', dir]);
    check('Chrome zip unpacks', unzip.status === 0, unzip.output);
    const chromium = ensureChromium();
    const pack = run(chromium, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${join(work, 'profile')}`,
      `--pack-extension=${dir}`,
    ]);
    const crx = `${dir}.crx`;
    const magic = existsSync(crx) ? readFileSync(crx).subarray(0, 4).toString('latin1') : '';
    check('Chromium packs the Chrome zip into a .crx', pack.status === 0 && magic === 'Cr24', pack.output);
  }
  if (existsSync(PACKAGES.firefox)) {
    const dir = join(work, 'firefox');
    const unzip = run('unzip', ['-q', PACKAGES.firefox, '-d', dir]);
    check('Firefox zip unpacks', unzip.status === 0, unzip.output);
    const lint = run('npx', ['web-ext', 'lint', '--source-dir', dir, '--no-config-discovery']);
    check('web-ext lint passes the Firefox zip with the store rules', lint.status === 0, lint.output);
    const summary = lint.output.match(/errors\s+\d+[\s\S]*?warnings\s+\d+/)?.[0];
    if (summary) console.log(`     ${summary.replace(/\s+/g, ' ')}`);
  }
  if (existsSync(PACKAGES.sources)) {
    const list = run('unzip', ['-Z1', PACKAGES.sources]);
    const files = list.output.split('\n').filter(Boolean);
    check(
      'the sources zip has the sources and no build output or dependencies',
      list.status === 0 &&
        files.includes('package.json') &&
        files.includes('package-lock.json') &&
        files.includes('wxt.config.ts') &&
        !files.some((f) => /^(node_modules|\.output|test-results)\//.test(f)),
      list.output.slice(0, 2000),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n${failures.length} package check(s) failed:\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log('\nThe store packages are ready.');
