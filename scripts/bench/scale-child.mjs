// One run of the scale-of-data scenario, in its own Node process (started with --expose-gc so heap
// figures start from a clean heap): builds a snapshot from a synthetic `/api/tokens/history` of N
// tokens with the extension's own code (bundled from TypeScript by the parent), and prints JSON.
//   node --expose-gc scale-child.mjs BUNDLE.mjs FIXTURE.json N ITERATIONS
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundlePath, fixturePath, nArg, iterArg] = process.argv.slice(2);
const N = Number(nArg);
const ITERATIONS = Number(iterArg);
const m = await import(pathToFileURL(bundlePath).href);
const gc = globalThis.gc ?? (() => {});

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const address = (i) => {
  let s = '';
  let x = i * 2654435761 + 97;
  for (let k = 0; k < 40; k++) {
    s += BASE58[x % 58];
    x = Math.floor(x / 58) + (k + 1) * 7919 + i;
  }
  return `${s}pump`;
};
const naiveUtc = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * N tokens shaped like the OLD back end's (every field of the recorded fixture, top holders
 * included), newest first, one analysis every 10 minutes back from now.
 */
function history(n, now) {
  const templates = JSON.parse(readFileSync(fixturePath, 'utf8')).tokens;
  const tokens = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length];
    const at = naiveUtc(now - i * 600_000);
    tokens.push({
      ...t,
      id: n - i,
      token_address: address(i),
      token_name: `${t.token_name ?? 'Token'} ${i}`,
      analysis_timestamp: at,
      market_cap_updated_at: at,
    });
  }
  return { total: n, total_wallets: n * 8, tokens };
}

const now = Date.now();
const text = JSON.stringify(history(N, now));
const bytes = Buffer.byteLength(text);
const options = { pollMs: 30_000, random: 0.5, fallbackOffsetMin: 0 };
const empty = m.createEmptySnapshot();

/** JSON.parse + schema validation + reducer, each timed (ms). */
function pure() {
  const t0 = performance.now();
  const body = JSON.parse(text);
  const t1 = performance.now();
  const checked = m.validate(m.TokensHistorySchema, body);
  const t2 = performance.now();
  if (!checked.ok) throw new Error(`synthetic history rejected: ${checked.reason}`);
  const snapshot = m.reduceSnapshot(
    empty,
    { history: { ok: true, value: checked.value, etag: null } },
    now,
    options,
  );
  const t3 = performance.now();
  return { parse: t1 - t0, validate: t2 - t1, reduce: t3 - t2, total: t3 - t0, body, checked, snapshot };
}

/** The background's real path: the API client (body size limit, text, parse, schema), then the reducer. */
async function client() {
  const api = m.createApiClient({
    baseUrl: 'http://bench.invalid',
    fetch: async () =>
      new Response(text, { status: 200, headers: { 'content-type': 'application/json', etag: '"bench"' } }),
  });
  const t0 = performance.now();
  // As the engine asks for it: the history has its own, larger body limit.
  const result = await api.get('/api/tokens/history', m.TokensHistorySchema, {
    maxBodyBytes: m.HISTORY_MAX_BODY_BYTES,
  });
  const snapshot = m.reduceSnapshot(empty, { history: result }, now, options);
  return { ms: performance.now() - t0, result, snapshot };
}

// Memory of one build, from a collected heap: the heap's growth right after the build (the parent
// starts this process with a young generation large enough that no collection runs meanwhile;
// collections are counted to make sure), then what is left once only the snapshot is kept.
const gcKinds = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcKinds.push(entry.detail?.kind ?? entry.kind);
});
gc();
await new Promise((r) => setTimeout(r, 10));
gcObserver.observe({ entryTypes: ['gc'] });
const heap0 = process.memoryUsage().heapUsed;
let once = pure();
const heapAfterBuild = process.memoryUsage().heapUsed;
await new Promise((r) => setTimeout(r, 10));
gcObserver.disconnect();
const gcDuringBuild = gcKinds.length;
const kept = once.snapshot;
once = null;
gc();
const heapRetained = process.memoryUsage().heapUsed;
const snapshotJsonBytes = Buffer.byteLength(JSON.stringify(kept));
const recentTimes = kept.recentAnalyses?.times.length ?? 0;

const samples = [];
for (let i = 0; i < ITERATIONS + 1; i++) {
  const r = pure();
  if (i > 0) samples.push({ parse: r.parse, validate: r.validate, reduce: r.reduce, total: r.total });
}
const clientSamples = [];
let clientOutcome = null;
for (let i = 0; i < ITERATIONS + 1; i++) {
  const r = await client();
  if (i > 0) clientSamples.push(r.ms);
  clientOutcome = r.result.ok
    ? `ok (${r.snapshot.recentAnalyses?.times.length ?? 0} analyses in the last 48 h kept)`
    : `refused: ${r.result.message}`;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
process.stdout.write(
  JSON.stringify({
    tokens: N,
    bodyBytes: bytes,
    maxBodyBytes: m.HISTORY_MAX_BODY_BYTES,
    iterations: ITERATIONS,
    pure: {
      parse: median(samples.map((s) => s.parse)),
      validate: median(samples.map((s) => s.validate)),
      reduce: median(samples.map((s) => s.reduce)),
      total: median(samples.map((s) => s.total)),
    },
    client: { ms: median(clientSamples), outcome: clientOutcome, ok: clientOutcome.startsWith('ok') },
    heap: { buildBytes: heapAfterBuild - heap0, gcDuringBuild, retainedBytes: heapRetained - heap0 },
    snapshotJsonBytes,
    recentTimes,
  }),
);
