#!/usr/bin/env node
/**
 * `npm run sim`: the deterministic simulation. Options:
 *   --seeds N       run seeds 1..N (default 200)
 *   --first K       start at seed K
 *   --seed N        run seed N alone
 *   --trace         print the run's trace (with --seed)
 *   --days D        simulated days per seed (default 7)
 *   --keep-going    do not stop a seed at its first violation (lists them all)
 * Ends with the line `N passed, N failed` (seeds); a failing seed prints its replay command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const trace = args.includes('--trace');
const out = mkdtempSync(join(tmpdir(), 'sim-'));
const env = {
  ...process.env,
  SIM_OUT: out,
  SIM_SEEDS: option('seeds') ?? '200',
  SIM_FIRST: option('first') ?? '1',
  SIM_DAYS: option('days') ?? '7',
  SIM_TRACE: trace ? '1' : '0',
  SIM_SHARDS: '3',
  SIM_KEEP_GOING: args.includes('--keep-going') ? '1' : '0',
};
if (option('seed')) env.SIM_SEED = option('seed');
const started = Date.now();
const vitest = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/sim/vitest.config.ts', '--reporter=dot'],
  { env, stdio: 'inherit' },
);
const results = readdirSync(out)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(join(out, f), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  )
  .sort((a, b) => a.seed - b.seed);
rmSync(out, { recursive: true, force: true });
const days = Number(env.SIM_DAYS);
let failed = 0;
for (const r of results) {
  if (trace) console.log(r.trace.join('\n'));
  if (r.violations.length === 0) continue;
  failed += 1;
  console.log(`seed ${r.seed} FAILED: ${r.violations[0]}`);
  for (const v of r.violations.slice(1, 3)) console.log(`  ${v}`);
  console.log(`  replay: npm run sim -- --seed ${r.seed} --trace${days === 7 ? '' : ` --days ${days}`}`);
}
const requested = env.SIM_SEED ? 1 : Number(env.SIM_SEEDS);
const missing = requested - results.length;
const viewerHours = results.reduce((s, r) => s + r.stats.viewerHours, 0);
const requests = results.reduce((s, r) => s + r.stats.requests, 0);
// Requests per minute of steady use (seeds with at least 30 min of it), the budget being 6.
const steady = results.map((r) => r.stats.steadyPerMin).filter((n) => typeof n === 'number');
const steadyWords = steady.length
  ? `; steady use ${(steady.reduce((a, b) => a + b, 0) / steady.length).toFixed(2)} requests/min on average, ${Math.max(...steady).toFixed(2)} at most (${steady.length} seeds)`
  : '';
console.log(
  `${results.length} seeds × ${days} days in ${((Date.now() - started) / 1000).toFixed(1)} s wall; ` +
    `${viewerHours.toFixed(0)} viewer-hours, ${requests} requests${steadyWords}` +
    (missing > 0 ? `; ${missing} seeds did not report (see the output above)` : ''),
);
if (vitest.status !== 0 && failed === 0 && missing === 0) console.log('the model tests failed (see above)');
const failedTotal = failed + Math.max(0, missing);
console.log(`${results.length - failed} passed, ${failedTotal} failed`);
// exitCode, not exit(): a long trace written to a pipe must be flushed first.
process.exitCode = failedTotal > 0 || vitest.status !== 0 ? 1 : 0;
