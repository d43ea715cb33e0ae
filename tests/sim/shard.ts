/**
 * Runs this worker's share of the seeds (seed % shards === index) and writes one JSON line per
 * seed to the results file the command reads (tests/sim/run.mjs).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { runSeed } from './world';

interface SimConfig {
  seeds: number[];
  days: number;
  trace: boolean;
  shards: number;
  out: string;
}

function readConfig(): SimConfig {
  const env = process.env;
  const single = env.SIM_SEED ? Number(env.SIM_SEED) : null;
  const count = Number(env.SIM_SEEDS ?? 200);
  const first = Number(env.SIM_FIRST ?? 1);
  return {
    seeds: single !== null ? [single] : Array.from({ length: count }, (_, i) => first + i),
    days: Number(env.SIM_DAYS ?? 7),
    trace: env.SIM_TRACE === '1',
    shards: Number(env.SIM_SHARDS ?? 3),
    out: env.SIM_OUT ?? '',
  };
}

/** Declares the test that runs shard `index`. */
export function runShard(index: number): void {
  test(`simulation, shard ${index}`, async () => {
    const config = readConfig();
    const mine = config.seeds.filter((seed) => seed % config.shards === index);
    const failed: number[] = [];
    for (const seed of mine) {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const started = performance.now();
      let result: Awaited<ReturnType<typeof runSeed>>;
      try {
        result = await runSeed(seed, {
          days: config.days,
          trace: config.trace,
          stopAtFirst: !config.trace && process.env.SIM_KEEP_GOING !== '1',
        });
      } catch (error) {
        result = {
          seed,
          violations: [`harness: ${String((error as Error)?.stack ?? error)}`],
          trace: [],
          stats: { requests: 0, viewerHours: 0, steadyPerMin: null, workerStarts: 0 },
        };
      } finally {
        vi.useRealTimers();
        vi.restoreAllMocks();
      }
      if (result.violations.length > 0) failed.push(seed);
      const line = { ...result, ms: Math.round(performance.now() - started) };
      if (config.out) appendFileSync(join(config.out, `shard-${index}.jsonl`), `${JSON.stringify(line)}\n`);
    }
    // The command prints the seeds and their replay lines; this only makes the run fail too.
    expect(failed).toEqual([]);
  }, 3_600_000);
}
