// Scale of data: what one `/api/tokens/history` refresh costs the background with 100, 1,000 and
// 10,000 tokens (OLD returns all of them). The extension's own TypeScript (API client, schema,
// reducer) is bundled with rolldown and run in Node (V8, like Chromium); each run is a fresh process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run, stats } from '../util.mjs';

const SIZES = [100, 1_000, 10_000];

export async function scaleOfData({ runs, quick, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'lcb-bench-scale-'));
  const bundle = join(dir, 'scale.mjs');
  try {
    await run(join(ROOT, 'node_modules/.bin/rolldown'), [
      join(ROOT, 'scripts/bench/scale-entry.ts'),
      '--format',
      'esm',
      '--platform',
      'node',
      '--file',
      bundle,
    ]);
    const child = join(ROOT, 'scripts/bench/scale-child.mjs');
    const fixture = join(ROOT, 'tests/fixtures/meridinate/old/tokens-history.json');
    const bySize = [];
    for (const n of SIZES) {
      const iterations = quick ? 2 : n >= 10_000 ? 5 : n >= 1_000 ? 15 : 40;
      const samples = [];
      for (let r = 0; r < runs; r++) {
        // Timing with V8's default heap settings (as in the service worker)…
        const timed = JSON.parse(
          await run(process.execPath, ['--expose-gc', child, bundle, fixture, String(n), String(iterations)]),
        );
        // …memory with a young generation large enough that no collection runs during one build.
        const sized = JSON.parse(
          await run(process.execPath, [
            '--expose-gc',
            '--min-semi-space-size=256',
            '--max-semi-space-size=256',
            child,
            bundle,
            fixture,
            String(n),
            '1',
          ]),
        );
        samples.push({ ...timed, heap: sized.heap });
      }
      const first = samples[0];
      const result = {
        tokens: n,
        bodyBytes: first.bodyBytes,
        maxBodyBytes: first.maxBodyBytes,
        clientOutcome: first.client.outcome,
        clientAccepts: first.client.ok,
        snapshotJsonBytes: first.snapshotJsonBytes,
        recentTimes: first.recentTimes,
        iterations,
        samples,
        metrics: {
          parseMs: stats(samples.map((s) => s.pure.parse)),
          validateMs: stats(samples.map((s) => s.pure.validate)),
          reduceMs: stats(samples.map((s) => s.pure.reduce)),
          buildMs: stats(samples.map((s) => s.pure.total)),
          clientPathMs: stats(samples.map((s) => s.client.ms)),
          heapMiB: stats(samples.map((s) => s.heap.buildBytes / 1048576)),
          gcDuringBuild: Math.max(...samples.map((s) => s.heap.gcDuringBuild)),
        },
      };
      bySize.push(result);
      log(
        `  ${n.toLocaleString('en-US')} tokens: ${(first.bodyBytes / 1048576).toFixed(2)} MiB body, build ${result.metrics.buildMs.median.toFixed(1)} ms, heap ${result.metrics.heapMiB.median.toFixed(1)} MiB, client: ${first.client.outcome}`,
      );
    }
    return {
      note: "The extension's API client, schema and reducer in Node (V8), synthetic OLD-shaped bodies; fresh process per run.",
      method:
        'Synthetic OLD-shaped history bodies (every field of the recorded fixture, top holders included; one analysis every 10 min back from now, newest first). Per size and run, a fresh Node process times JSON.parse → schema validation (TokensHistorySchema) → reduceSnapshot, median of several iterations after a warm-up, with default V8 heap settings; a second process measures the heap growth of one build with a young generation large enough that no GC runs during it (checked). “Client path” is the real API client (body size limit, text, parse, schema) plus the reducer on the same body.',
      bySize,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
