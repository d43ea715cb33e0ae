// Contract tests: every fixture of the real app (tests/fixtures/meridinate/{old,head}) against the
// demo's answer in the same mode: status, keys and key order, JSON types (int vs float kept apart),
// and timestamp formats.
//
// Documented allowances (null in the fixture, a value in the demo, or the reverse), all nullable in
// the app's schema:
//   - tokens-history  tokens[].token_name / token_symbol: `str?` in OpenAPI; the demo seeds a token
//     whose name and symbol are null on purpose.
//   - ingest-settings last_*_run_at (OLD): `str?` (API.md §2.7); the fixture is a never-run install,
//     the demo simulates past runs.
//   - status-bar credits.by_job.*.last_run_at / last_run_context: `str?` / `object?` (API.md §2.8);
//     the demo's MC Tracker has run.
// Free-form objects (`context`) are compared as "object or null"; maps (by_operation, by_tier,
// by_status) are compared by value type only, since their keys depend on the data.

import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWs, request, startTestDemo } from './test-utils.mjs';

const FIXTURES = new URL('../tests/fixtures/meridinate/', import.meta.url);

/** Fixture file → demo request. */
const REQUESTS = {
  'credits-today.json': { path: '/api/stats/credits/today', status: 200 },
  'credits-transactions-limit5.json': { path: '/api/stats/credits/transactions?limit=5', status: 200 },
  'health.json': { path: '/health', status: 200 },
  'ingest-settings.json': { path: '/api/ingest/settings', status: 200 },
  'tokens-history.json': { path: '/api/tokens/history', status: 200 },
  'tokens-latest.422.json': { path: '/api/tokens/latest', status: 422 },
  'tokens-latest.json': { path: '/api/tokens/latest', status: 200 },
  'status-bar.json': { path: '/api/stats/status-bar', status: 200 },
  'ws-frames.json': { ws: true },
};

const ALLOW_NULL_VS_VALUE = {
  'tokens-history.json': ['tokens[].token_name', 'tokens[].token_symbol'],
  'ingest-settings.json': ['last_tier0_run_at', 'last_tier1_run_at', 'last_hot_refresh_at'],
  'status-bar.json': ['credits.by_job.*.last_run_at', 'credits.by_job.*.last_run_context'],
};
const MAPS = ['by_operation', 'by_tier', 'by_status'];
const FREE = ['transactions[].context'];

// ------------------------------------------------------------------ typed JSON parsing

class Num {
  /** @param {string} lexeme */
  constructor(lexeme) {
    this.isFloat = /[.eE]/.test(lexeme);
  }
}

/** JSON.parse that keeps int vs float apart (numbers become Num). @param {string} text */
function parseTyped(text) {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  /** @returns {unknown} */
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      /** @type {Record<string, unknown>} */
      const obj = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const key = /** @type {string} */ (value());
        ws();
        if (text[i++] !== ':') throw new Error(`expected : at ${i}`);
        obj[key] = value();
        ws();
        const d = text[i++];
        if (d === '}') return obj;
        if (d !== ',') throw new Error(`expected , at ${i}`);
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return arr;
        if (d !== ',') throw new Error(`expected , at ${i}`);
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/s.exec(text.slice(i));
      if (!m) throw new Error(`bad string at ${i}`);
      i += m[0].length;
      return JSON.parse(m[0]);
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) throw new Error(`unexpected ${c} at ${i}`);
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    return new Num(m[0]);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error('trailing data');
  return v;
}

// ------------------------------------------------------------------ shapes

const TS = /^\d{4}-\d{2}-\d{2}([ T])\d{2}:\d{2}:\d{2}(\.\d{6})?(Z|[+-]\d{2}:\d{2})?$/;

/** Classifies a string: timestamp formats or plain text. @param {string} s */
function stringFormat(s) {
  const m = TS.exec(s);
  if (!m) return 'text';
  const sep = m[1] === ' ' ? 'YYYY-MM-DD HH:MM:SS' : 'YYYY-MM-DDTHH:MM:SS';
  return `${sep}${m[2] ? '.ffffff' : ''}${m[3] === 'Z' ? 'Z' : m[3] ? '±HH:MM' : ''}`;
}

/** @param {unknown} v */
function kindOf(v) {
  if (v === null) return 'null';
  if (v instanceof Num) return v.isFloat ? 'float' : 'int';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/**
 * @typedef {{ kinds: Set<string>, formats: Set<string>, keys: string[] | null,
 *   props: Map<string, Shape>, items: Shape | null }} Shape
 */

/** @returns {Shape} */
const newShape = () => ({ kinds: new Set(), formats: new Set(), keys: null, props: new Map(), items: null });

/** Merges a fixture value into a shape (array elements merge into one shape). @param {Shape} s @param {unknown} v */
function learn(s, v) {
  const k = kindOf(v);
  s.kinds.add(k);
  if (k === 'string') s.formats.add(stringFormat(/** @type {string} */ (v)));
  if (k === 'object') {
    const obj = /** @type {Record<string, unknown>} */ (v);
    if (!s.keys) s.keys = Object.keys(obj);
    for (const [key, val] of Object.entries(obj)) {
      let p = s.props.get(key);
      if (!p) {
        p = newShape();
        s.props.set(key, p);
      }
      learn(p, val);
    }
  }
  if (k === 'array') {
    if (!s.items) s.items = newShape();
    for (const e of /** @type {unknown[]} */ (v)) learn(s.items, e);
  }
  return s;
}

/** @param {string} pattern @param {string} path */
const matches = (pattern, path) =>
  new RegExp(`^${pattern.replace(/[.[\]]/g, '\\$&').replace(/\*/g, '[^.]+')}$`).test(path);

/**
 * Compares a demo value with the fixture shape; returns a list of problems.
 * @param {Shape} s
 * @param {unknown} v
 * @param {string} path
 * @param {string[]} allow
 * @param {string[]} errors
 */
function check(s, v, path, allow, errors) {
  const k = kindOf(v);
  const label = path || '(root)';
  if (!s.kinds.has(k)) {
    const nullVsValue = k === 'null' || (s.kinds.size === 1 && s.kinds.has('null'));
    if (!(nullVsValue && allow.some((p) => matches(p, path)))) {
      errors.push(`${label}: ${k} where the fixture has ${[...s.kinds].join('|')}`);
    }
    return;
  }
  if (k === 'string') {
    const f = stringFormat(/** @type {string} */ (v));
    if (!s.formats.has(f))
      errors.push(`${label}: format ${f} where the fixture has ${[...s.formats].join('|')}`);
  }
  if (k === 'object') {
    const obj = /** @type {Record<string, unknown>} */ (v);
    const last = path.split('.').pop() ?? '';
    if (FREE.some((p) => matches(p, path))) return;
    if (MAPS.includes(last)) {
      for (const [key, val] of Object.entries(obj)) {
        if (kindOf(val) !== 'int') errors.push(`${label}.${key}: map value ${kindOf(val)}, expected int`);
      }
      return;
    }
    const keys = Object.keys(obj);
    if (JSON.stringify(keys) !== JSON.stringify(s.keys)) {
      errors.push(`${label}: keys ${JSON.stringify(keys)} != fixture ${JSON.stringify(s.keys)}`);
      return;
    }
    for (const key of keys) {
      check(/** @type {Shape} */ (s.props.get(key)), obj[key], path ? `${path}.${key}` : key, allow, errors);
    }
  }
  if (k === 'array' && s.items && s.items.kinds.size > 0) {
    for (const e of /** @type {unknown[]} */ (v)) check(s.items, e, `${path}[]`, allow, errors);
  }
}

/**
 * @param {string} fixtureText
 * @param {string} demoText
 * @param {string[]} allow
 */
function compare(fixtureText, demoText, allow) {
  const shape = learn(newShape(), parseTyped(fixtureText));
  /** @type {string[]} */
  const errors = [];
  check(shape, parseTyped(demoText), '', allow, errors);
  return errors;
}

// ------------------------------------------------------------------ tests

describe('comparator self-check', () => {
  it('classifies timestamp formats', () => {
    expect(stringFormat('2026-11-23 22:20:05')).toBe('YYYY-MM-DD HH:MM:SS');
    expect(stringFormat('2026-11-23T22:20:05')).toBe('YYYY-MM-DDTHH:MM:SS');
    expect(stringFormat('2025-11-21T16:35:30.458114')).toBe('YYYY-MM-DDTHH:MM:SS.ffffff');
    expect(stringFormat('2026-11-23T22:16:50Z')).toBe('YYYY-MM-DDTHH:MM:SSZ');
    expect(stringFormat('2026-11-23T23:16:50+00:00')).toBe('YYYY-MM-DDTHH:MM:SS±HH:MM');
    expect(stringFormat('2026-11-23T22:46:52.879368-05:00')).toBe('YYYY-MM-DDTHH:MM:SS.ffffff±HH:MM');
    expect(stringFormat('Bonk Ultra')).toBe('text');
  });

  it('detects int/float, key order, format and null differences', () => {
    expect(compare('{"a":1.0,"b":"x"}', '{"a":1,"b":"x"}', [])).toHaveLength(1);
    expect(compare('{"a":1,"b":"x"}', '{"b":"x","a":1}', [])).toHaveLength(1);
    expect(compare('{"t":"2026-11-23 22:20:05"}', '{"t":"2026-11-23T22:20:05"}', [])).toHaveLength(1);
    expect(compare('{"t":"x"}', '{"t":null}', [])).toHaveLength(1);
    expect(compare('{"t":"x"}', '{"t":null}', ['t'])).toHaveLength(0);
    expect(compare('[{"a":null},{"a":2}]', '[{"a":3},{"a":null}]', [])).toHaveLength(0);
  });
});

for (const mode of /** @type {const} */ (['old', 'head'])) {
  describe(`contract: ${mode.toUpperCase()} fixtures`, () => {
    /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
    let t;
    beforeAll(async () => {
      t = await startTestDemo({ mode, seed: 1 });
    });
    afterAll(() => t?.close());

    const dir = new URL(`${mode}/`, FIXTURES);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

    it('has a request mapping for every fixture file', () => {
      const unmapped = files.filter((f) => !(f in REQUESTS));
      expect(unmapped).toEqual([]);
    });

    for (const file of files) {
      const spec = /** @type {Record<string, any>} */ (REQUESTS)[file];
      if (!spec) continue;
      const fixtureText = readFileSync(new URL(file, dir), 'utf8');
      const allow = /** @type {Record<string, string[]>} */ (ALLOW_NULL_VS_VALUE)[file] ?? [];

      if (spec.ws) {
        it(`${file}: pong, analysis_complete and analysis_start frames`, async () => {
          const c = openWs(`ws://127.0.0.1:${t.demo.ports.api}/ws`);
          await c.opened;
          c.ws.send('ping');
          const pong = await c.next();
          await t.ctl('POST', '/analysis', {});
          const complete = await c.next();
          const r = await request(`${t.api}/notify/analysis_start`, {
            method: 'POST',
            body: { job_id: 'example-job', token_name: '🚀 Moon', token_symbol: 'MOON' },
          });
          expect(r.status).toBe(200);
          const start = await c.next();
          c.ws.close();
          expect(pong).toEqual({ type: 'pong', data: 'ping' });
          // Frames differ in shape, so each received frame is compared with the fixture frame at its index.
          const fixtureFrames = JSON.parse(fixtureText);
          expect(fixtureFrames).toHaveLength(3);
          [pong, complete, start].forEach((frame, i) => {
            expect(compare(JSON.stringify(fixtureFrames[i]), JSON.stringify(frame), [])).toEqual([]);
          });
          expect(complete.event).toBe('analysis_complete');
          expect(start.event).toBe('analysis_start');
        });
        continue;
      }

      it(`${file}: GET ${spec.path} → ${spec.status}, same keys, types and formats`, async () => {
        const r = await t.get(spec.path, {
          headers: { origin: 'http://localhost:3000', 'accept-encoding': 'gzip' },
        });
        expect(r.status).toBe(spec.status);
        expect(r.headers['content-type']).toBe('application/json');
        if (spec.status === 422) expect(r.text).toBe(JSON.stringify(JSON.parse(fixtureText)));
        const errors = compare(fixtureText, r.text, allow);
        expect(errors).toEqual([]);
      });
    }

    if (mode === 'old') {
      it('status-bar, operation-log and operations answer 404 {"detail":"Not Found"}', async () => {
        for (const path of [
          '/api/stats/status-bar',
          '/api/stats/credits/operation-log?limit=1',
          '/api/stats/credits/operations',
        ]) {
          const r = await t.get(path);
          expect(r.status).toBe(404);
          expect(r.text).toBe('{"detail":"Not Found"}');
        }
      });
    }

    it('ingest/queue/stats has the documented fields (API.md §2.6)', async () => {
      const body = (await t.get('/api/ingest/queue/stats')).json();
      const keys =
        mode === 'old'
          ? [
              'total',
              'by_tier',
              'by_status',
              'last_tier0_run_at',
              'last_tier1_run_at',
              'last_tier1_credits_used',
            ]
          : [
              'total',
              'by_tier',
              'by_status',
              'last_discovery_run_at',
              'last_refresh_run_at',
              'last_tier0_run_at',
              'last_tier1_run_at',
              'last_tier1_credits_used',
            ];
      expect(Object.keys(body)).toEqual([...keys, 'last_hot_refresh_at']);
      for (const k of Object.keys(body).filter((x) => x.endsWith('_at'))) {
        if (body[k] !== null) expect(stringFormat(body[k])).toBe('YYYY-MM-DDTHH:MM:SS.ffffff');
      }
    });

    it('credits/range uses server-local times with microseconds', async () => {
      const body = (await t.get('/api/stats/credits/range?days=7')).json();
      expect(stringFormat(body.period_start)).toBe('YYYY-MM-DDTHH:MM:SS.ffffff');
      expect(stringFormat(body.period_end)).toBe('YYYY-MM-DDTHH:MM:SS.ffffff');
      const today = (await t.get('/api/stats/credits/today')).json();
      expect(Object.keys(body)).toEqual(Object.keys(today));
    });

    it('openapi.json lists the routes of the mode', async () => {
      const r = await t.get('/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
      expect(r.headers['content-encoding']).toBe('gzip');
      const paths = Object.keys(r.json().paths);
      expect(paths).toContain('/api/tokens/history');
      expect(paths.includes('/api/stats/status-bar')).toBe(mode === 'head');
      expect(paths.includes('/api/tokens/latest')).toBe(mode === 'head');
    });
  });
}
