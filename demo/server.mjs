#!/usr/bin/env node
// Meridinate stand-in: API (:5003), app pages (:3000) and a control server (:5099).
// Library: `startDemo(options)`. CLI: `node demo/server.mjs [flags]` (see demo/README.md).

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApi } from './api.mjs';
import { buildState, createControlHandler } from './control.mjs';
import { DemoStore } from './data.mjs';
import { FaultState } from './faults.mjs';
import { ListenerGroup } from './listen.mjs';
import { createPagesHandler } from './pages.mjs';
import { Prng } from './prng.mjs';
import { Simulator } from './simulator.mjs';
import { Clock, isValidTimeZone, processTimeZone } from './time.mjs';

/**
 * @typedef {object} DemoOptions
 * @property {'old' | 'head'} [mode] default 'old'
 * @property {number} [apiPort] default 5003 (0 = random)
 * @property {number} [appPort] default 3000 (0 = random)
 * @property {number} [controlPort] default 5099 (0 = random)
 * @property {string} [tz] server time zone (IANA), default the process's
 * @property {number} [clockOffsetMs] server clock = real now + offset
 * @property {number} [seed] default 1
 * @property {number | 'off'} [pace] seconds, default 5
 * @property {boolean} [rateLimit] default false
 * @property {boolean} [headPages] HEAD mode only: move the pages as HEAD did; default false
 * @property {number} [rateLimitLimit] default 300 (per hour)
 * @property {{ target: string, kind: string, ms?: number, afterMs?: number }[]} [faults]
 * @property {boolean} [quiet]
 */

/**
 * @typedef {object} DemoHandle
 * @property {string} apiUrl
 * @property {string} appUrl
 * @property {string} controlUrl
 * @property {{ api: number, app: number, control: number }} ports
 * @property {object} state live internals: store, faults, counts, rateLimit, clock, simulator, api
 * @property {() => Promise<void>} close
 */

const LOOPBACK = ['127.0.0.1', '::1'];

/**
 * Starts the demo servers.
 * @param {DemoOptions} [options]
 * @returns {Promise<DemoHandle>}
 */
/**
 * Who sent a request, from its Origin header: an extension (its background or pages), a web page
 * (the app's own tabs), or none (an extension background with host access sends no Origin; curl).
 * @param {string | undefined} origin
 */
function clientKind(origin) {
  if (!origin) return 'none';
  if (/^(chrome|moz)-extension:\/\//.test(origin)) return 'extension';
  return 'page';
}

export async function startDemo(options = {}) {
  const mode = options.mode ?? 'old';
  if (mode !== 'old' && mode !== 'head') throw new Error(`invalid mode ${mode}`);
  const tz = options.tz ?? processTimeZone();
  if (!isValidTimeZone(tz)) throw new Error(`invalid time zone ${tz}`);
  const seed = options.seed ?? 1;
  const quiet = options.quiet ?? false;
  /** @param {string} msg */
  const log = (msg) => {
    if (!quiet) console.log(`[demo] ${msg}`);
  };
  const clock = new Clock(options.clockOffsetMs ?? 0);
  const store = new DemoStore({ seed, mode, tz, clock });
  const faults = new FaultState();
  /** @type {Map<string, number>} */
  const counts = new Map();
  /** Requests per client kind (from the Origin header), then per path. */
  /** @type {Map<string, Map<string, number>>} */
  const countsByClient = new Map();
  const rateLimit = {
    enabled: options.rateLimit ?? false,
    limit: options.rateLimitLimit ?? 300,
    /** @type {Map<string, { start: number, count: number }>} */
    windows: new Map(),
  };
  const allowedOrigins = new Set(['http://localhost:3000']);
  const liveRng = new Prng((seed * 7919 + 17) >>> 0);

  const api = createApi({
    store,
    faults,
    rateLimit,
    allowedOrigins,
    count: (path, origin) => {
      counts.set(path, (counts.get(path) ?? 0) + 1);
      const kind = clientKind(origin);
      const perPath = countsByClient.get(kind) ?? new Map();
      perPath.set(path, (perPath.get(path) ?? 0) + 1);
      countsByClient.set(kind, perPath);
    },
    log,
  });

  /** @param {{ name?: string | null, symbol?: string | null, broadcast?: boolean }} [opts] */
  const analysis = (opts = {}) => {
    const { token, totalCredits, jobId } = store.runAnalysis(liveRng, opts);
    if (opts.broadcast !== false) {
      api.broadcast('analysis_complete', {
        job_id: jobId,
        token_name: token.name,
        token_symbol: token.symbol,
        acronym: token.acronym,
        wallets_found: token.wallets,
        token_id: token.id,
      });
    }
    log(
      `analysis #${token.id} ${JSON.stringify((token.name ?? 'null').slice(0, 40))}: ${totalCredits} credits`,
    );
    return {
      token: store.renderToken(token),
      totalCredits,
      creditsToday: store.creditsToday().total_credits,
    };
  };

  const apiListeners = new ListenerGroup({
    name: 'api',
    hosts: LOOPBACK,
    port: options.apiPort ?? 5003,
    handler: api.handle,
    setup: (server) => server.on('upgrade', api.upgrade),
    log,
  });

  const appListeners = new ListenerGroup({
    name: 'app',
    hosts: [...LOOPBACK, '127.0.0.2'],
    port: options.appPort ?? 3000,
    handler: createPagesHandler({
      store,
      apiUrl: () => `http://localhost:${apiListeners.port}`,
      headPages: options.headPages ?? false,
      log,
    }),
    log,
  });

  const simulator = new Simulator({ store, analysis, log }, seed, 'off');

  /** @type {import('./control.mjs').ControlHost} */
  const host = {
    store,
    faults,
    clock,
    counts,
    countsByClient,
    rateLimit,
    apiUp: () => apiListeners.up,
    wsClients: () => api.clients.size,
    pace: () => simulator.pace,
    setPace: (p) => simulator.setPace(p),
    analysis,
    broadcast: (event, data) => api.broadcast(event, data),
    setFault: async (spec) => {
      const f = faults.set(spec);
      if (spec.target === 'ws') api.onWsFault();
      if (spec.target === 'all') {
        if (f?.kind === 'down') {
          api.dropAll();
          await apiListeners.close();
          for (const s of api.hanging) s.destroy();
        } else if (!apiListeners.up) {
          await apiListeners.open();
        }
      }
      return { faults: faults.toJSON(), apiUp: apiListeners.up };
    },
    clearFaults: async () => {
      faults.clearAll();
      if (!apiListeners.up) await apiListeners.open();
    },
    restart: () => {
      api.dropAll(1012);
      store.restart();
      rateLimit.windows.clear();
    },
    state: () => buildState(host),
  };

  const controlListeners = new ListenerGroup({
    name: 'control',
    hosts: LOOPBACK,
    port: options.controlPort ?? 5099,
    handler: createControlHandler(host),
    log,
  });

  try {
    await apiListeners.open();
    await appListeners.open();
    await controlListeners.open();
  } catch (e) {
    await Promise.all([apiListeners.close(), appListeners.close(), controlListeners.close()]);
    api.close();
    throw e;
  }
  const apiUrl = `http://localhost:${apiListeners.port}`;
  // The real app allows exactly http://localhost:3000; a demo app on another port is its own origin.
  allowedOrigins.add(`http://localhost:${appListeners.port}`);

  for (const spec of options.faults ?? []) await host.setFault(spec);
  simulator.setPace(options.pace ?? 5);

  let closed = false;
  return {
    apiUrl,
    appUrl: `http://localhost:${appListeners.port}`,
    controlUrl: `http://localhost:${controlListeners.port}`,
    ports: { api: apiListeners.port, app: appListeners.port, control: controlListeners.port },
    state: { store, faults, counts, rateLimit, clock, simulator, api, host },
    close: async () => {
      if (closed) return;
      closed = true;
      simulator.stop();
      api.close();
      await Promise.all([apiListeners.close(), appListeners.close(), controlListeners.close()]);
    },
  };
}

// ------------------------------------------------------------------ CLI

const USAGE = `Usage: node demo/server.mjs [flags]
  --mode old|head          API version to imitate (default old)
  --api-port N             backend port (default 5003)
  --app-port N             frontend port (default 3000)
  --control-port N         control API port (default 5099)
  --tz ZONE                server time zone, IANA (default: this process's)
  --clock-offset MS        server clock = real now + MS
  --seed N                 deterministic data seed (default 1)
  --pace SECONDS|off       simulator pace (default 5)
  --rate-limit             turn on the app's limiter (300 per hour per endpoint per client)
  --head-pages             with --mode head: /dashboard/tokens redirects, /dashboard/ingestion is a 404
  --fault TARGET=KIND[:MS] inject a fault at start (repeatable), e.g. /api/stats/credits/today=500, ws=flap
  --quiet                  no logging
  --help`;

/**
 * @param {string[]} argv
 * @returns {DemoOptions}
 */
export function parseArgs(argv) {
  /** @type {DemoOptions & { faults: NonNullable<DemoOptions['faults']> }} */
  const o = { faults: [] };
  const args = [...argv];
  /** @param {string} flag */
  const value = (flag) => {
    const v = args.shift();
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  };
  /** @param {string} flag @param {string} v */
  const int = (flag, v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new Error(`${flag} needs an integer, got ${v}`);
    return n;
  };
  while (args.length > 0) {
    let arg = /** @type {string} */ (args.shift());
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      args.unshift(arg.slice(eq + 1));
      arg = arg.slice(0, eq);
    }
    switch (arg) {
      case '--mode': {
        const m = value(arg);
        if (m !== 'old' && m !== 'head') throw new Error('--mode must be old or head');
        o.mode = m;
        break;
      }
      case '--api-port':
        o.apiPort = int(arg, value(arg));
        break;
      case '--app-port':
        o.appPort = int(arg, value(arg));
        break;
      case '--control-port':
        o.controlPort = int(arg, value(arg));
        break;
      case '--tz':
        o.tz = value(arg);
        break;
      case '--clock-offset':
        o.clockOffsetMs = int(arg, value(arg));
        break;
      case '--seed':
        o.seed = int(arg, value(arg));
        break;
      case '--pace': {
        const v = value(arg);
        if (v === 'off') o.pace = 'off';
        else {
          const n = Number(v);
          if (!Number.isFinite(n) || n <= 0)
            throw new Error('--pace needs a positive number of seconds or off');
          o.pace = n;
        }
        break;
      }
      case '--rate-limit':
        o.rateLimit = true;
        break;
      case '--head-pages':
        o.headPages = true;
        break;
      case '--fault': {
        const v = value(arg);
        const m = v.match(/^([^=]+)=([^:]+)(?::(\d+))?$/);
        if (!m) throw new Error(`--fault expects target=kind[:ms], got ${v}`);
        o.faults.push({
          target: /** @type {string} */ (m[1]),
          kind: /** @type {string} */ (m[2]),
          ...(m[3] ? { ms: Number(m[3]) } : {}),
        });
        break;
      }
      case '--quiet':
        o.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${arg}\n${USAGE}`);
    }
  }
  return o;
}

async function main() {
  /** @type {DemoOptions} */
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
  const demo = await startDemo(options);
  const { store } = /** @type {{ store: DemoStore }} */ (demo.state);
  if (!options.quiet) {
    console.log(`Meridinate demo (${store.mode.toUpperCase()} mode, tz ${store.tz}, seed ${store.seed})`);
    console.log(`  API      ${demo.apiUrl}   (ws://localhost:${demo.ports.api}/ws)`);
    console.log(`  App      ${demo.appUrl}/dashboard/tokens   (also http://127.0.0.2:${demo.ports.app})`);
    console.log(`  Control  ${demo.controlUrl}/state`);
  }
  let stopping = false;
  const stop = async (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    if (!options.quiet) console.log(`\n[demo] ${signal}: stopping`);
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
