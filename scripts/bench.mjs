#!/usr/bin/env node
// The performance benchmark (npm run bench): builds the extension, then measures it in Debian's
// Chromium against the demo app and prints a table (median, min, max over the runs).
//
//   node scripts/bench.mjs [--runs N] [--quick] [--only size,scale,bar,latency,load,impact] [--out FILE]
//
// A full run (no --quick, no --only) writes docs/bench-results.json and refreshes the generated part
// of docs/performance.md; other runs write test-results/bench-results.json unless --out is given.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { CHROMIUM } from './bench/browser.mjs';
import { buildExtension, tempOutDir } from './bench/build.mjs';
import {
  conditionLines,
  loadEndpointRows,
  markdownSummary,
  markdownTable,
  summaryRows,
  textSummary,
  textTable,
} from './bench/report.mjs';
import { timeToBar } from './bench/scenarios/bar.mjs';
import { hostImpact } from './bench/scenarios/impact.mjs';
import { updateLatency } from './bench/scenarios/latency.mjs';
import { backendLoad } from './bench/scenarios/load.mjs';
import { scaleOfData } from './bench/scenarios/scale.mjs';
import { budgetLine, measureBundle, sizeTable } from './bench/size.mjs';
import { fmt, ROOT } from './bench/util.mjs';

const ALL = ['size', 'scale', 'bar', 'latency', 'load', 'impact'];

function parseArgs(argv) {
  const opts = { runs: null, quick: false, only: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--runs') opts.runs = Number(value());
    else if (flag === '--quick') opts.quick = true;
    else if (flag === '--only')
      opts.only = value()
        .split(',')
        .map((s) => s.trim());
    else if (flag === '--out') opts.out = value();
    else if (flag === '--help' || flag === '-h') {
      console.log(
        readFileSync(new URL(import.meta.url), 'utf8')
          .split('\n')
          .slice(1)
          .filter((_, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('//')))
          .map((l) => l.replace(/^\/\/ ?/, ''))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown flag ${argv[i]}`);
  }
  opts.runs ??= opts.quick ? 1 : 3;
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  for (const name of opts.only ?? []) if (!ALL.includes(name)) throw new Error(`unknown scenario ${name}`);
  return opts;
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const shell = (cmd, args) => {
    try {
      return execFileSync(cmd, args, {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return null;
    }
  };
  const chromium = shell(CHROMIUM, ['--version'])?.split('\n')[0] ?? null;
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: model,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osRelease.match(/^PRETTY_NAME="?([^"\n]+)"?$/m)?.[1] ?? `${os.type()} ${os.release()}`,
    kernel: os.release(),
    node: process.version,
    chromium: chromium?.replace(/\s+built on.*$/, '') ?? null,
    commit: shell('git', ['rev-parse', '--short', 'HEAD']),
    dirty: (shell('git', ['status', '--porcelain']) ?? '').length > 0,
  };
}

const opts = parseArgs(process.argv.slice(2));
const selected = opts.only ?? ALL;
const full = !opts.quick && !opts.only;
const outFile =
  opts.out ?? (full ? join(ROOT, 'docs/bench-results.json') : join(ROOT, 'test-results/bench-results.json'));
const log = (line) => console.log(line);
const started = Date.now();
const host = machine();
console.log(
  `Benchmark: ${selected.join(', ')}; ${opts.runs} run${opts.runs > 1 ? 's' : ''}${opts.quick ? ' (quick)' : ''}\nMachine: ${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB, ${host.os}, Node ${host.node}, ${host.chromium ?? 'no Chromium found'}\n`,
);
if (!existsSync(CHROMIUM) && selected.some((s) => ['bar', 'latency', 'load', 'impact'].includes(s))) {
  console.error(
    `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(2);
}

const results = {
  version: 1,
  startedAt: new Date(started).toISOString(),
  options: opts,
  machine: host,
  scenarios: {},
  durations: {},
};
const buildDir = tempOutDir();
try {
  let e2eDir = null;
  const timed = async (name, title, fn) => {
    if (!selected.includes(name)) return;
    console.log(`▶ ${title}`);
    const t0 = Date.now();
    results.scenarios[name] = await fn();
    results.durations[name] = (Date.now() - t0) / 1000;
    console.log(`  (${fmt(results.durations[name])} s)\n`);
  };

  await timed('size', 'Bundle weight (production build)', async () => {
    const { dir, ms } = await buildExtension({ outDir: join(buildDir, 'production') });
    const measured = measureBundle(dir);
    console.log(`  built in ${fmt(ms / 1000)} s\n`);
    console.log(
      sizeTable(measured)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    console.log(`\n  ${budgetLine(measured)}`);
    return { ...measured, dir: 'production build (wxt build)', buildMs: ms };
  });
  if (selected.some((s) => ['bar', 'latency', 'load', 'impact'].includes(s))) {
    const { dir, ms } = await buildExtension({ mode: 'e2e', outDir: join(buildDir, 'e2e') });
    e2eDir = dir;
    console.log(`(e2e build for the browser scenarios: ${fmt(ms / 1000)} s)\n`);
    results.durations.e2eBuild = ms / 1000;
  }
  const q = opts.quick;
  await timed('scale', 'Scale of data (/api/tokens/history → snapshot)', () =>
    scaleOfData({ runs: opts.runs, quick: q, log }),
  );
  await timed('bar', 'Time to bar', () => timeToBar({ runs: opts.runs, extensionDir: e2eDir, log }));
  await timed('latency', 'Update latency', () =>
    updateLatency({ runs: opts.runs * 2, extensionDir: e2eDir, log, pollSeconds: 5 }),
  );
  await timed('load', 'Back-end load', () =>
    backendLoad({
      runs: opts.runs,
      extensionDir: e2eDir,
      log,
      ...(q ? { windowMs: 6_000, idleMs: 3_000 } : {}),
    }),
  );
  await timed('impact', 'Host-page impact', () =>
    hostImpact({ runs: opts.runs, extensionDir: e2eDir, log, ...(q ? { windowMs: 12_000 } : {}) }),
  );
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}

results.totalSeconds = (Date.now() - started) / 1000;
const rows = summaryRows(results);
results.summary = rows;
console.log('Summary (median, min, max over the runs; “met” compares the worst run with the target)\n');
console.log(textSummary(rows));
console.log(
  `\nConditions:\n${conditionLines(results)
    .map((l) => `- ${l}`)
    .join('\n')}`,
);
if (results.scenarios.load) {
  const load = results.scenarios.load;
  console.log(
    `\nRequests per minute per endpoint (median over runs; time compressed ${load.factor}×, given per minute of normal time)\n`,
  );
  console.log(textTable(loadEndpointRows(load)));
}
const durations = Object.entries(results.durations)
  .map(([k, v]) => `${k} ${fmt(v)} s`)
  .join(', ');
console.log(`\nDurations: ${durations}; total ${fmt(results.totalSeconds)} s`);

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`Results written to ${outFile}`);

if (full) {
  const doc = join(ROOT, 'docs/performance.md');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  if (text.includes(begin) && text.includes(end)) {
    const m = results.machine;
    const block = [
      begin,
      '',
      `Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` (${opts.runs} runs), commit ${m.commit}${m.dirty ? ' with uncommitted changes' : ''}, on ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, ${m.chromium}. The whole run took ${fmt(results.totalSeconds / 60)} min.`,
      '',
      markdownSummary(rows),
      '',
      ...conditionLines(results).map((l) => `- ${l}`),
      '',
      ...(results.scenarios.load
        ? [
            `Requests per minute per endpoint (median over runs; time compressed ${results.scenarios.load.factor}×, given per minute of normal time):`,
            '',
            markdownTable(loadEndpointRows(results.scenarios.load)),
            '',
          ]
        : []),
      `Scenario durations: ${durations}.`,
      '',
      end,
    ].join('\n');
    writeFileSync(
      doc,
      text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length),
    );
    console.log(`Figures refreshed in ${doc}`);
  }
}
