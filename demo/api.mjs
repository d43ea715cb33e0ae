// The Meridinate backend stand-in (FastAPI on :5003): routes, CORS, gzip, rate limiter, ETag cache,
// fault injection and the /ws WebSocket.

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';
import { COSTS, loadSeedJson } from './data.mjs';
import { Prng } from './prng.mjs';
import { pyDumps } from './pyjson.mjs';

/** @typedef {import('./data.mjs').Mode} Mode */

/**
 * @typedef {object} DemoContext
 * @property {import('./data.mjs').DemoStore} store
 * @property {import('./faults.mjs').FaultState} faults
 * @property {{ enabled: boolean, limit: number, windows: Map<string, { start: number, count: number }> }} rateLimit
 * @property {Set<string>} allowedOrigins
 * @property {(path: string) => void} count
 * @property {(msg: string) => void} log
 */

/**
 * @typedef {object} Ctx
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {URL} url
 * @property {string} path
 * @property {string | undefined} origin
 * @property {boolean} gzip
 * @property {boolean} huge
 */

const NOT_FOUND = '{"detail":"Not Found"}';
const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const ALL_METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';

export const HEALTH = {
  status: 'healthy',
  service: 'FastAPI Gun Del Sol (Modular)',
  version: '2.0.0',
  architecture: 'modular',
  endpoints: 46,
  websocket_connections: 0,
};

/** @type {string | null} */
let hugePadding = null;
/** A ~4 MB string that gzip cannot shrink much (pseudo-random letters). */
function padding() {
  if (hugePadding === null) {
    const rng = new Prng(4242);
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const parts = [];
    for (let i = 0; i < 4096; i++) {
      let s = '';
      for (let j = 0; j < 1024; j++) s += chars[Math.floor(rng.next() * chars.length)];
      parts.push(s);
    }
    hugePadding = parts.join('');
  }
  return hugePadding;
}

// ------------------------------------------------------------------ validation (FastAPI-shaped 422)

class Validation {
  constructor() {
    /** @type {object[]} */
    this.errors = [];
  }

  /**
   * @param {URLSearchParams} params
   * @param {string} name
   * @param {{ def?: number | null, ge?: number, le?: number, required?: boolean }} [o]
   * @returns {number | null}
   */
  queryInt(params, name, o = {}) {
    const all = params.getAll(name);
    const raw = all[all.length - 1];
    if (raw === undefined) {
      if (o.required)
        this.errors.push({ type: 'missing', loc: ['query', name], msg: 'Field required', input: null });
      return o.def ?? null;
    }
    return this.int(['query', name], raw, o);
  }

  /**
   * @param {(string | number)[]} loc
   * @param {string} raw
   * @param {{ ge?: number, le?: number }} [o]
   * @returns {number | null}
   */
  int(loc, raw, o = {}) {
    if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
      this.errors.push({
        type: 'int_parsing',
        loc,
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: raw,
      });
      return null;
    }
    const n = Number.parseInt(raw.trim(), 10);
    if (o.ge !== undefined && n < o.ge) {
      this.errors.push({
        type: 'greater_than_equal',
        loc,
        msg: `Input should be greater than or equal to ${o.ge}`,
        input: raw,
        ctx: { ge: o.ge },
      });
      return null;
    }
    if (o.le !== undefined && n > o.le) {
      this.errors.push({
        type: 'less_than_equal',
        loc,
        msg: `Input should be less than or equal to ${o.le}`,
        input: raw,
        ctx: { le: o.le },
      });
      return null;
    }
    return n;
  }

  /** @param {URLSearchParams} params @param {string} name @param {boolean} [required] */
  queryStr(params, name, required = false) {
    const all = params.getAll(name);
    const raw = all[all.length - 1];
    if (raw === undefined && required) {
      this.errors.push({ type: 'missing', loc: ['query', name], msg: 'Field required', input: null });
    }
    return raw ?? null;
  }

  get ok() {
    return this.errors.length === 0;
  }
}

/**
 * Validates a notification body against an all-required schema.
 * @param {unknown} body
 * @param {Record<string, 'str' | 'int'>} schema
 */
function validateBody(body, schema) {
  const errors = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      errors: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: body,
        },
      ],
      value: null,
    };
  }
  const src = /** @type {Record<string, unknown>} */ (body);
  /** @type {Record<string, unknown>} */
  const value = {};
  for (const [key, type] of Object.entries(schema)) {
    const v = src[key];
    if (v === undefined) {
      errors.push({ type: 'missing', loc: ['body', key], msg: 'Field required', input: body });
    } else if (type === 'str') {
      if (typeof v === 'string') value[key] = v;
      else
        errors.push({
          type: 'string_type',
          loc: ['body', key],
          msg: 'Input should be a valid string',
          input: v,
        });
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      value[key] = v;
    } else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) {
      value[key] = Number.parseInt(v, 10);
    } else if (typeof v === 'string') {
      errors.push({
        type: 'int_parsing',
        loc: ['body', key],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: v,
      });
    } else {
      errors.push({ type: 'int_type', loc: ['body', key], msg: 'Input should be a valid integer', input: v });
    }
  }
  return { errors, value };
}

// ------------------------------------------------------------------ the API

/**
 * @param {DemoContext} demo
 */
export function createApi(demo) {
  const { store, faults } = demo;
  const wss = new WebSocketServer({ noServer: true });
  /** @type {Set<import('ws').WebSocket & { isAlive?: boolean }>} */
  const clients = new Set();
  /** @type {Set<import('node:stream').Duplex>} */
  const hanging = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  const openapi = {
    old: loadSeedJson('openapi-old.json'),
    head: loadSeedJson('openapi-head.json'),
  };
  for (const doc of Object.values(openapi)) {
    delete doc['x-meridinate-extraction'];
    doc.paths['/api/tokens/{token_id}'] = {
      get: {
        tags: ['Tokens'],
        summary: 'Get Token By Id',
        operationId: 'get_token_by_id_api_tokens__token_id__get',
        parameters: [
          { name: 'token_id', in: 'path', required: true, schema: { type: 'integer', title: 'Token Id' } },
        ],
        responses: {
          200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
          422: {
            description: 'Validation Error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
          },
        },
      },
    };
  }

  /** @param {number} ms @param {() => void} fn */
  function later(ms, fn) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  }

  // -------------------------------------------------------------- response helpers

  /**
   * @param {Ctx} ctx
   * @param {number} status
   * @param {string | Buffer | null} body
   * @param {{ type?: string | null, headers?: Record<string, string>, cors?: boolean }} [o]
   */
  function reply(ctx, status, body, o = {}) {
    const { res, origin } = ctx;
    if (res.headersSent || res.destroyed) return;
    /** @type {Record<string, string | number>} */
    const headers = { server: 'uvicorn', ...(o.headers ?? {}) };
    /** @type {string[]} */
    const vary = [];
    if (o.type) headers['content-type'] = o.type;
    let buf = body === null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    if (buf.length >= 1000 && ctx.gzip && status !== 304 && status !== 204) {
      buf = gzipSync(buf);
      headers['content-encoding'] = 'gzip';
      vary.push('Accept-Encoding');
    }
    if (o.cors !== false && origin !== undefined) {
      headers['access-control-allow-credentials'] = 'true';
      if (demo.allowedOrigins.has(origin)) {
        headers['access-control-allow-origin'] = origin;
        vary.push('Origin');
      }
    }
    if (vary.length > 0) headers.vary = vary.join(', ');
    if (status !== 304 && status !== 204) headers['content-length'] = buf.length;
    res.writeHead(status, headers);
    res.end(status === 304 ? undefined : buf);
  }

  /** @param {Ctx} ctx @param {number} status @param {unknown} obj @param {Record<string, string>} [headers] */
  function json(ctx, status, obj, headers) {
    let value = obj;
    if (ctx.huge && status === 200 && obj && typeof obj === 'object' && !Array.isArray(obj)) {
      value = { ...obj, demo_padding: padding() };
    }
    reply(ctx, status, pyDumps(value), { type: JSON_TYPE, headers });
  }

  /** @param {Ctx} ctx @param {object[]} errors */
  const unprocessable = (ctx, errors) => json(ctx, 422, { detail: errors });

  /** @param {Ctx} ctx */
  function tooManyRequests(ctx) {
    const limit = demo.rateLimit.limit;
    reply(ctx, 429, `Rate limit exceeded: ${limit} per 1 hour`, {
      type: null,
      headers: { 'retry-after': `${limit} per 1 hour`, 'x-ratelimit-limit': String(limit) },
    });
  }

  // -------------------------------------------------------------- rate limiter (slowapi fixed window)

  /** @param {Ctx} ctx */
  function clientKey(ctx) {
    const apiKey = ctx.req.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) return `key:${apiKey}`;
    const xff = ctx.req.headers['x-forwarded-for'];
    if (typeof xff === 'string' && xff.trim()) return `ip:${xff.split(',')[0]?.trim()}`;
    return `ip:${(ctx.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')}`;
  }

  /** @param {Ctx} ctx @returns {boolean} true when the request is over the limit */
  function rateLimited(ctx) {
    const rl = demo.rateLimit;
    if (!rl.enabled) return false;
    const now = store.now();
    const key = `${clientKey(ctx)} ${ctx.path}`;
    let w = rl.windows.get(key);
    if (!w || now - w.start >= 3_600_000 || now < w.start) {
      w = { start: now, count: 0 };
      rl.windows.set(key, w);
    }
    w.count++;
    return w.count > rl.limit;
  }

  // -------------------------------------------------------------- routes

  /**
   * @typedef {object} Route
   * @property {string} method
   * @property {string | RegExp} pattern
   * @property {Mode[]} modes
   * @property {(mode: Mode) => boolean} [limited]
   * @property {(ctx: Ctx, m: RegExpMatchArray | null, mode: Mode) => void | Promise<void>} handler
   */

  const both = /** @type {Mode[]} */ (['old', 'head']);
  const headOnly = /** @type {Mode[]} */ (['head']);
  const always = () => true;

  /**
   * Runs the rate limiter for limited routes, then the handler.
   * @param {Ctx} ctx
   * @param {Validation} v
   * @param {() => void} ok
   */
  function validated(ctx, v, ok) {
    if (!v.ok) return unprocessable(ctx, v.errors);
    if (ctx.limited && rateLimited(ctx)) return tooManyRequests(ctx);
    ok();
  }

  /**
   * `POST /notify/<event>`: the app's unauthenticated broadcast, as its analysis worker uses it.
   * @param {string} event
   * @param {Record<string, 'str' | 'int'>} fields all required
   * @returns {Route}
   */
  const notifyRoute = (event, fields) => ({
    method: 'POST',
    pattern: `/notify/${event}`,
    modes: both,
    handler: async (ctx) => {
      const body = await readJson(ctx);
      if (body === undefined) return;
      const { errors, value } = validateBody(body, fields);
      if (errors.length > 0) return unprocessable(ctx, errors);
      const sent = broadcast(event, value);
      json(ctx, 200, { status: 'notification_sent', connections: sent });
    },
  });

  /** @type {Route[]} */
  const routes = [
    {
      method: 'GET',
      pattern: '/health',
      modes: both,
      handler: (ctx) => json(ctx, 200, { ...HEALTH, websocket_connections: clients.size }),
    },
    {
      method: 'GET',
      pattern: '/openapi.json',
      modes: both,
      handler: (ctx, _m, mode) => json(ctx, 200, openapi[mode]),
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/today',
      modes: both,
      limited: always,
      handler: (ctx) => validated(ctx, new Validation(), () => json(ctx, 200, store.creditsToday())),
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/range',
      modes: both,
      limited: always,
      handler: (ctx) => {
        const v = new Validation();
        const days = v.queryInt(ctx.url.searchParams, 'days', { def: 7, ge: 1, le: 90 });
        validated(ctx, v, () => json(ctx, 200, store.creditsRange(/** @type {number} */ (days))));
      },
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/transactions',
      modes: both,
      limited: always,
      handler: (ctx) => {
        const v = new Validation();
        const p = ctx.url.searchParams;
        const limit = v.queryInt(p, 'limit', { def: 50, ge: 1, le: 500 });
        const operation = v.queryStr(p, 'operation');
        const tokenId = v.queryInt(p, 'token_id');
        validated(ctx, v, () => {
          const transactions = store.transactionsList({
            limit: /** @type {number} */ (limit),
            operation,
            tokenId,
          });
          json(ctx, 200, { transactions, total: transactions.length });
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/stats\/credits\/token\/([^/]+)$/,
      modes: both,
      limited: always,
      handler: (ctx, m) => {
        const v = new Validation();
        const id = v.int(['path', 'token_id'], decodeURIComponent(m?.[1] ?? ''));
        validated(ctx, v, () => {
          const total = store.transactions
            .filter((t) => t.token_id === id)
            .reduce((a, t) => a + t.credits, 0);
          json(ctx, 200, { token_id: id, total_credits: total });
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/costs',
      modes: both,
      limited: always,
      handler: (ctx, _m, mode) =>
        validated(ctx, new Validation(), () => json(ctx, 200, { costs: COSTS[mode] })),
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/estimate',
      modes: both,
      limited: always,
      handler: (ctx, _m, mode) => {
        const v = new Validation();
        const operation = v.queryStr(ctx.url.searchParams, 'operation', true);
        const count = v.queryInt(ctx.url.searchParams, 'count', { def: 1, ge: 1 });
        validated(ctx, v, () => {
          const costs = /** @type {Record<string, number>} */ (COSTS[mode]);
          const known = operation !== null && operation in costs;
          const per = known ? /** @type {number} */ (costs[/** @type {string} */ (operation)]) : 1;
          /** @type {Record<string, unknown>} */
          const body = { operation, count, estimated_credits: per * /** @type {number} */ (count) };
          if (!known) body.warning = `Unknown operation '${operation}', using default cost of 1 credit`;
          json(ctx, 200, body);
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/operations',
      modes: headOnly,
      limited: always,
      handler: (ctx) => {
        const v = new Validation();
        const limit = v.queryInt(ctx.url.searchParams, 'limit', { def: 5, ge: 1, le: 20 });
        const win = v.queryInt(ctx.url.searchParams, 'window_seconds', { def: 3, ge: 1, le: 60 });
        validated(ctx, v, () =>
          json(ctx, 200, {
            operations: store.aggregatedOperations(
              /** @type {number} */ (limit),
              /** @type {number} */ (win),
            ),
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: '/api/stats/credits/operation-log',
      modes: headOnly,
      limited: always,
      handler: (ctx) => {
        const v = new Validation();
        const limit = v.queryInt(ctx.url.searchParams, 'limit', { def: 30, ge: 1, le: 100 });
        validated(ctx, v, () => {
          const operations = store.operationLog(/** @type {number} */ (limit));
          json(ctx, 200, { operations, total: operations.length });
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/stats/status-bar',
      modes: headOnly,
      limited: always,
      handler: (ctx) => validated(ctx, new Validation(), () => json(ctx, 200, store.statusBar())),
    },
    {
      method: 'GET',
      pattern: '/api/stats/scheduler/jobs',
      modes: headOnly,
      limited: always,
      handler: (ctx) =>
        validated(ctx, new Validation(), () => {
          const sb = store.statusBar();
          const jobs = Object.entries(sb.timers).map(([id, t]) => ({
            id,
            name: t.name,
            enabled: t.enabled,
            next_run_at: t.next_run_at,
            interval_minutes: t.interval_minutes,
          }));
          json(ctx, 200, { jobs, running_jobs: [], scheduler_running: true });
        }),
    },
    {
      method: 'GET',
      pattern: '/api/tokens/history',
      modes: both,
      limited: always,
      handler: (ctx, _m, mode) => history(ctx, mode),
    },
    {
      method: 'GET',
      pattern: '/api/tokens/latest',
      modes: headOnly,
      limited: always,
      handler: (ctx) => validated(ctx, new Validation(), () => json(ctx, 200, store.latest())),
    },
    {
      method: 'GET',
      pattern: /^\/api\/tokens\/([^/]+)$/,
      modes: both,
      handler: (ctx, m) => {
        const v = new Validation();
        const id = v.int(['path', 'token_id'], decodeURIComponent(m?.[1] ?? ''));
        validated(ctx, v, () => {
          const t = store.tokenById(/** @type {number} */ (id));
          if (!t) json(ctx, 404, { detail: 'Token not found' });
          else json(ctx, 200, store.renderToken(t));
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/ingest/settings',
      modes: both,
      handler: (ctx, _m, mode) => json(ctx, 200, store.ingestSettings(mode)),
    },
    {
      method: 'POST',
      pattern: '/api/ingest/settings',
      modes: both,
      handler: async (ctx, _m, mode) => {
        const body = await readJson(ctx);
        if (body === undefined) return;
        const target = store.settings[mode];
        if (body && typeof body === 'object' && !Array.isArray(body)) {
          for (const [k, val] of Object.entries(body)) {
            if (k in target && !k.startsWith('last_')) target[k] = val;
          }
        }
        json(ctx, 200, { success: true, settings: store.ingestSettings(mode) });
      },
    },
    {
      method: 'GET',
      pattern: '/api/ingest/queue/stats',
      modes: both,
      handler: (ctx, _m, mode) => json(ctx, 200, store.queueStats(mode)),
    },
    {
      method: 'GET',
      pattern: '/analysis',
      modes: both,
      handler: (ctx) => {
        const v = new Validation();
        const search = v.queryStr(ctx.url.searchParams, 'search');
        const limit = v.queryInt(ctx.url.searchParams, 'limit', { def: 100 });
        validated(ctx, v, () => {
          let jobs = [...store.jobs].reverse();
          if (search) {
            const s = search.toLowerCase();
            jobs = jobs.filter((j) => JSON.stringify(j).toLowerCase().includes(s));
          }
          jobs = jobs.slice(0, Math.max(0, /** @type {number} */ (limit)));
          json(ctx, 200, { total: jobs.length, jobs });
        });
      },
    },
    notifyRoute('analysis_complete', {
      job_id: 'str',
      token_name: 'str',
      token_symbol: 'str',
      acronym: 'str',
      wallets_found: 'int',
      token_id: 'int',
    }),
    notifyRoute('analysis_start', { job_id: 'str', token_name: 'str', token_symbol: 'str' }),
  ];

  /**
   * Reads a JSON request body; answers 422 json_invalid and returns undefined when it is not JSON.
   * @param {Ctx} ctx
   */
  async function readJson(ctx) {
    const chunks = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += chunk.length;
      if (size > 1_000_000) {
        reply(ctx, 413, 'Payload Too Large', { type: TEXT_TYPE });
        return undefined;
      }
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (e) {
      unprocessable(ctx, [
        {
          type: 'json_invalid',
          loc: ['body', 0],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: e instanceof Error ? e.message : 'Expecting value' },
        },
      ]);
      return undefined;
    }
  }

  /**
   * GET /api/tokens/history with the 30 s cache, unquoted ETag and If-None-Match → 304.
   * @param {Ctx} ctx
   * @param {Mode} mode
   */
  function history(ctx, mode) {
    const v = new Validation();
    const p = ctx.url.searchParams;
    /** @type {Parameters<typeof store.history>[1]} */
    let q = {};
    let key = 'old';
    if (mode === 'head') {
      q = {
        limit: /** @type {number} */ (v.queryInt(p, 'limit', { def: 50 })),
        offset: /** @type {number} */ (v.queryInt(p, 'offset', { def: 0 })),
        search: v.queryStr(p, 'search'),
        dexId: v.queryStr(p, 'dex_id'),
        sinceHours: v.queryInt(p, 'since_hours'),
      };
      key = `head|${q.limit}|${q.offset}|${q.search ?? ''}|${q.dexId ?? ''}|${q.sinceHours ?? ''}`;
    }
    validated(ctx, v, () => {
      const now = store.now();
      const cached = store.historyCache.get(key);
      if (cached && cached.expires > now && !ctx.huge) {
        if (ctx.req.headers['if-none-match'] === cached.etag) {
          return reply(ctx, 304, null, { headers: { etag: cached.etag } });
        }
        return reply(ctx, 200, cached.body, { type: JSON_TYPE, headers: { etag: cached.etag } });
      }
      const obj = store.history(mode, q);
      const body = pyDumps(obj);
      const etag = createHash('md5').update(body).digest('hex');
      store.historyCache.set(key, { body, etag, expires: now + 30_000 });
      if (ctx.huge) return json(ctx, 200, obj, { etag });
      reply(ctx, 200, body, { type: JSON_TYPE, headers: { etag } });
    });
  }

  // -------------------------------------------------------------- faults

  /**
   * Applies an HTTP fault. Returns true when the request has been fully handled.
   * @param {Ctx} ctx
   * @param {import('./faults.mjs').Fault} fault
   */
  async function applyFault(ctx, fault) {
    switch (fault.kind) {
      case 'down':
        ctx.req.socket.destroy();
        return true;
      case 'hang':
        hanging.add(ctx.req.socket);
        ctx.req.socket.once('close', () => hanging.delete(ctx.req.socket));
        return true;
      case 'slow':
        await new Promise((resolve) => later(fault.ms ?? 10_000, () => resolve(undefined)));
        return ctx.res.destroyed;
      case '500':
        reply(ctx, 500, 'Internal Server Error', { type: TEXT_TYPE, cors: false });
        return true;
      case '422':
        unprocessable(ctx, [
          {
            type: 'int_parsing',
            loc: ['query', 'limit'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'demo-fault',
          },
        ]);
        return true;
      case '429':
        tooManyRequests(ctx);
        return true;
      case 'malformed':
        reply(ctx, 200, '{"total_credits": 1753, "by_operation": {"token_metadata": 8,', { type: JSON_TYPE });
        return true;
      case 'wrong-shape':
        reply(ctx, 200, fault.variant === 'array' ? '[{"unexpected":true}]' : '{"unexpected":true}', {
          type: JSON_TYPE,
        });
        return true;
      case 'huge':
        ctx.huge = true;
        return false;
      default:
        return false;
    }
  }

  // -------------------------------------------------------------- request entry point

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    demo.count(path, origin);
    /** @type {Ctx & { limited?: boolean }} */
    const ctx = {
      req,
      res,
      url,
      path,
      origin,
      gzip: /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')),
      huge: false,
    };
    try {
      const fault = faults.httpFaultFor(path);
      if (fault && (await applyFault(ctx, fault))) return;

      // CORSMiddleware: preflight.
      if (req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method']) {
        return preflight(ctx);
      }

      const mode = store.mode;
      let pathMatched = false;
      for (const route of routes) {
        if (!route.modes.includes(mode)) continue;
        let m = null;
        if (typeof route.pattern === 'string') {
          if (route.pattern !== path) continue;
        } else {
          m = path.match(route.pattern);
          if (!m) continue;
        }
        pathMatched = true;
        if (route.method !== req.method) continue;
        ctx.limited = route.limited ? route.limited(mode) : false;
        await route.handler(ctx, m, mode);
        return;
      }
      if (pathMatched) {
        const allow = routes
          .filter(
            (r) =>
              r.modes.includes(mode) &&
              (typeof r.pattern === 'string' ? r.pattern === path : r.pattern.test(path)),
          )
          .map((r) => r.method);
        return json(ctx, 405, { detail: 'Method Not Allowed' }, { allow: [...new Set(allow)].join(', ') });
      }
      reply(ctx, 404, NOT_FOUND, { type: JSON_TYPE });
    } catch (e) {
      demo.log(`API error on ${path}: ${e instanceof Error ? e.stack : e}`);
      reply(ctx, 500, 'Internal Server Error', { type: TEXT_TYPE, cors: false });
    }
  }

  /** @param {Ctx} ctx */
  function preflight(ctx) {
    const origin = /** @type {string} */ (ctx.origin);
    /** @type {Record<string, string>} */
    const headers = {
      vary: 'Origin',
      'access-control-allow-methods': ALL_METHODS,
      'access-control-max-age': '600',
      'access-control-allow-credentials': 'true',
    };
    const requested = ctx.req.headers['access-control-request-headers'];
    if (typeof requested === 'string') headers['access-control-allow-headers'] = requested;
    const allowed = demo.allowedOrigins.has(origin);
    if (allowed) headers['access-control-allow-origin'] = origin;
    reply(ctx, allowed ? 200 : 400, allowed ? 'OK' : 'Disallowed CORS origin', {
      type: TEXT_TYPE,
      headers,
      cors: false,
    });
  }

  // -------------------------------------------------------------- WebSocket /ws

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  function upgrade(req, socket, head) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    demo.count(path, typeof req.headers.origin === 'string' ? req.headers.origin : undefined);
    socket.on('error', () => {});
    const wsFault = faults.ws;
    if (path !== '/ws' || wsFault?.kind === 'refuse') {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  }

  /** @param {import('ws').WebSocket & { isAlive?: boolean }} ws */
  function onConnection(ws) {
    clients.add(ws);
    ws.isAlive = true;
    ws.on('pong', () => {
      ws.isAlive = true;
    });
    ws.on('error', () => {});
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1011);
        return;
      }
      if (faults.ws?.kind === 'silent') return;
      ws.send(JSON.stringify({ type: 'pong', data: data.toString() }));
    });
    const f = faults.ws;
    if (f?.kind === 'drop') later(f.afterMs ?? 0, () => ws.terminate());
    if (f?.kind === 'flap') later(f.ms ?? 1000, () => ws.terminate());
  }

  // uvicorn sends protocol pings every 20 s and drops clients that do not answer within 20 s.
  const pingTimer = setInterval(() => {
    if (faults.ws?.kind === 'silent') return;
    for (const ws of clients) {
      if (!ws.isAlive) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      try {
        ws.ping();
      } catch {}
    }
  }, 20_000);
  pingTimer.unref();

  /**
   * Broadcasts `{"event":…,"data":…}` to every open client. Returns the number of clients reached.
   * @param {string} event
   * @param {unknown} data
   */
  function broadcast(event, data) {
    if (faults.ws?.kind === 'silent') return 0;
    const text = JSON.stringify({ event, data });
    let n = 0;
    for (const ws of clients) {
      if (ws.readyState === ws.OPEN) {
        ws.send(text);
        n++;
      }
    }
    return n;
  }

  /** Applies a newly set WS fault to the connections already open. */
  function onWsFault() {
    const f = faults.ws;
    if (!f) return;
    if (f.kind === 'drop') for (const ws of clients) ws.terminate();
    if (f.kind === 'flap') for (const ws of clients) later(f.ms ?? 1000, () => ws.terminate());
  }

  /** @param {number} [code] */
  function dropAll(code) {
    for (const ws of clients) {
      if (code) {
        ws.close(code);
        later(1000, () => ws.terminate());
      } else ws.terminate();
    }
  }

  function close() {
    clearInterval(pingTimer);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const s of hanging) s.destroy();
    hanging.clear();
    for (const ws of clients) ws.terminate();
    wss.close();
  }

  return { handle, upgrade, broadcast, clients, dropAll, onWsFault, hanging, close };
}
