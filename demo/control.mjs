// Control server (JSON in/out): tests and benchmarks drive the demo through it.

import { localDate, localDayStartPlus, localMidnight, zoneOffsetMin } from './time.mjs';

/**
 * @typedef {object} ControlHost
 * @property {import('./data.mjs').DemoStore} store
 * @property {import('./faults.mjs').FaultState} faults
 * @property {import('./time.mjs').Clock} clock
 * @property {Map<string, number>} counts
 * @property {Map<string, Map<string, number>>} countsByClient requests per client kind (extension, page, none), then per path
 * @property {{ enabled: boolean, limit: number, windows: Map<string, unknown> }} rateLimit
 * @property {() => boolean} apiUp
 * @property {() => number} wsClients
 * @property {() => number | 'off'} pace
 * @property {(pace: number | 'off') => void} setPace
 * @property {(opts: { name?: string | null, symbol?: string | null, broadcast?: boolean }) => object} analysis
 * @property {(event: string, data: unknown) => number} broadcast
 * @property {(spec: Record<string, unknown>) => Promise<object>} setFault
 * @property {() => Promise<void>} clearFaults
 * @property {() => void} restart
 * @property {() => object} state
 */

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const v = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return /** @type {Record<string, unknown>} */ (v);
  } catch {
    throw new HttpError(400, 'body must be a JSON object');
  }
}

/**
 * Builds the /state document.
 * @param {ControlHost} host
 */
export function buildState(host) {
  const { store, clock } = host;
  const now = store.now();
  const latest = store.liveTokens()[0];
  let totalRequests = 0;
  for (const n of host.counts.values()) totalRequests += n;
  return {
    mode: store.mode,
    now: new Date(now).toISOString(),
    tz: store.tz,
    serverOffsetMin: zoneOffsetMin(store.tz, now),
    clockOffsetMs: clock.offsetMs,
    apiUp: host.apiUp(),
    counts: Object.fromEntries(host.counts),
    countsByClient: Object.fromEntries(
      [...host.countsByClient].map(([kind, m]) => [kind, Object.fromEntries(m)]),
    ),
    totalRequests,
    wsClients: host.wsClients(),
    faults: host.faults.toJSON(),
    rateLimit: { enabled: host.rateLimit.enabled, limit: host.rateLimit.limit },
    pace: host.pace(),
    creditsToday: store.creditsToday().total_credits,
    sessionCredits: store.sessionCredits,
    tokensScannedToday: store.tokensScannedSince(localMidnight(store.tz, now)),
    latest: latest
      ? {
          token_id: latest.id,
          token_name: latest.name,
          analysis_timestamp: store.renderToken(latest).analysis_timestamp,
        }
      : { token_id: null, token_name: null, analysis_timestamp: null },
    lastTransactionId: store.lastTransactionId(),
  };
}

/**
 * @param {ControlHost} host
 * @returns {import('node:http').RequestListener}
 */
export function createControlHandler(host) {
  const { store, clock } = host;

  /** @type {Record<string, (body: Record<string, unknown>) => Promise<unknown> | unknown>} */
  const routes = {
    'GET /state': () => host.state(),
    // The truth the history is checked against: credits per server-local date, today last.
    'GET /daily': () => {
      const now = store.now();
      /** @type {{ date: string, credits: number, rows: number }[]} */
      const days = [];
      for (let k = 30; k >= 0; k--) {
        const start = localDayStartPlus(store.tz, now, -k);
        const { total, count } = store.sumRows(start, localDayStartPlus(store.tz, now, -k + 1));
        days.push({ date: localDate(store.tz, start), credits: total, rows: count });
      }
      return { days };
    },
    // Imitates a back end upgraded (or reinstalled) on `date`: the rows of earlier dates are gone.
    'POST /forget-before': (b) => {
      if (typeof b.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.date))
        throw new HttpError(400, 'date must be YYYY-MM-DD');
      const before = store.transactions.length;
      store.transactions = store.transactions.filter((tx) => localDate(store.tz, tx.ms) >= b.date);
      store.invalidateCaches();
      return { removed: before - store.transactions.length };
    },
    'POST /reset-counts': () => {
      host.counts.clear();
      host.countsByClient.clear();
      return { ok: true };
    },
    'POST /charge': (b) => {
      const operation = b.operation === undefined ? 'market_cap_refresh' : b.operation;
      const credits = b.credits === undefined ? 12 : Number(b.credits);
      const count = b.count === undefined ? 1 : Number(b.count);
      if (typeof operation !== 'string' || !operation) throw new HttpError(400, 'operation must be a string');
      if (!Number.isInteger(credits) || credits < 0)
        throw new HttpError(400, 'credits must be an integer ≥ 0');
      if (!Number.isInteger(count) || count < 1 || count > 10_000) {
        throw new HttpError(400, 'count must be an integer 1..10000');
      }
      const ids = store.charge({ operation, credits, count });
      return { ids, creditsToday: store.creditsToday().total_credits };
    },
    'POST /analysis': (b) => {
      /** @type {{ name?: string | null, symbol?: string | null, broadcast?: boolean }} */
      const opts = { broadcast: b.broadcast !== false };
      if ('name' in b) {
        if (b.name !== null && typeof b.name !== 'string')
          throw new HttpError(400, 'name must be a string or null');
        opts.name = /** @type {string | null} */ (b.name);
      }
      if ('symbol' in b) {
        if (b.symbol !== null && typeof b.symbol !== 'string') {
          throw new HttpError(400, 'symbol must be a string or null');
        }
        opts.symbol = /** @type {string | null} */ (b.symbol);
        if (!('name' in b)) opts.name = /** @type {string | null} */ (b.symbol);
      }
      return host.analysis(opts);
    },
    'POST /broadcast': (b) => {
      if (typeof b.event !== 'string') throw new HttpError(400, 'event must be a string');
      return { sent: host.broadcast(b.event, b.data ?? null) };
    },
    'POST /fault': async (b) => {
      try {
        return await host.setFault(b);
      } catch (e) {
        throw new HttpError(400, e instanceof Error ? e.message : String(e));
      }
    },
    'DELETE /fault': async () => {
      await host.clearFaults();
      return { faults: host.faults.toJSON(), apiUp: host.apiUp() };
    },
    'POST /restart': () => {
      host.restart();
      return { ok: true, sessionCredits: store.sessionCredits };
    },
    'POST /rollover': () => {
      const now = store.now();
      const midnight = localDayStartPlus(store.tz, now, 1);
      clock.offsetMs += midnight - 2000 - now;
      store.invalidateCaches();
      return {
        now: new Date(store.now()).toISOString(),
        offsetMs: clock.offsetMs,
        midnight: new Date(midnight),
      };
    },
    'POST /clock': (b) => {
      const offsetMs = Number(b.offsetMs);
      if (!Number.isFinite(offsetMs)) throw new HttpError(400, 'offsetMs must be a number');
      clock.offsetMs = offsetMs;
      store.invalidateCaches();
      return { now: new Date(store.now()).toISOString(), offsetMs };
    },
    'POST /rate-limit': (b) => {
      if (typeof b.enabled !== 'boolean') throw new HttpError(400, 'enabled must be a boolean');
      if (b.limit !== undefined) {
        const limit = Number(b.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new HttpError(400, 'limit must be an integer ≥ 1');
        host.rateLimit.limit = limit;
      }
      host.rateLimit.enabled = b.enabled;
      host.rateLimit.windows.clear();
      return { enabled: host.rateLimit.enabled, limit: host.rateLimit.limit };
    },
    'POST /pace': (b) => {
      const s = b.seconds;
      if (s === 'off') host.setPace('off');
      else {
        const n = Number(s);
        if (!Number.isFinite(n) || n <= 0)
          throw new HttpError(400, 'seconds must be a positive number or "off"');
        host.setPace(n);
      }
      return { pace: host.pace() };
    },
    'POST /mode': (b) => {
      if (b.mode !== 'old' && b.mode !== 'head') throw new HttpError(400, 'mode must be "old" or "head"');
      store.mode = b.mode;
      store.invalidateCaches();
      return { mode: store.mode };
    },
  };

  return async (req, res) => {
    /** @param {number} status @param {unknown} body */
    const send = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'access-control-allow-origin': '*',
      });
      res.end(text);
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes[`${req.method} ${path}`];
    try {
      if (!route) throw new HttpError(404, `no control route ${req.method} ${path}`);
      const body = req.method === 'POST' || req.method === 'DELETE' ? await readBody(req) : {};
      send(200, await route(body));
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      send(status, { error: e instanceof Error ? e.message : String(e) });
    }
  };
}
