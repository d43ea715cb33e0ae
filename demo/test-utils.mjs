// Helpers shared by the demo's vitest files (not a test file itself).

import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { startDemo } from './server.mjs';

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} raw  body as sent on the wire (maybe gzip)
 * @property {string} text decoded body
 * @property {() => any} json
 */

/**
 * Plain node:http request (no automatic decompression, no connection reuse).
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: unknown, timeout?: number }} [o]
 * @returns {Promise<Reply>}
 */
export function request(url, o = {}) {
  return new Promise((resolve, reject) => {
    const body =
      o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const req = http.request(
      url,
      {
        method: o.method ?? 'GET',
        headers: {
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
          ...(o.headers ?? {}),
        },
        agent: false,
      },
      (res) => {
        const chunks = /** @type {Buffer[]} */ ([]);
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            raw,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(o.timeout ?? 5000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Starts a demo on random ports with the simulator off.
 * @param {import('./server.mjs').DemoOptions} [opts]
 */
export async function startTestDemo(opts = {}) {
  const demo = await startDemo({
    apiPort: 0,
    appPort: 0,
    controlPort: 0,
    pace: 'off',
    quiet: true,
    tz: 'UTC',
    ...opts,
  });
  const api = `http://127.0.0.1:${demo.ports.api}`;
  const app = `http://127.0.0.1:${demo.ports.app}`;
  const control = `http://127.0.0.1:${demo.ports.control}`;
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   */
  const ctl = async (method, path, body) => {
    const r = await request(control + path, { method, body: body ?? (method === 'GET' ? undefined : {}) });
    if (r.status !== 200) throw new Error(`control ${method} ${path}: ${r.status} ${r.text}`);
    return r.json();
  };
  /** @param {string} path @param {Parameters<typeof request>[1]} [o] */
  const get = (path, o) => request(api + path, o);
  return { demo, api, app, control, ctl, get, close: () => demo.close() };
}

/**
 * Opens a WebSocket and records frames.
 * @param {string} url
 */
export function openWs(url) {
  const ws = new WebSocket(url);
  /** @type {any[]} */
  const frames = [];
  /** @type {((f: any) => void)[]} */
  const waiters = [];
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString());
    const w = waiters.shift();
    if (w) w(f);
    else frames.push(f);
  });
  ws.on('error', () => {});
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    ws.once('error', reject);
  });
  /** @type {Promise<{ code: number }>} */
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
  /** Next frame, or rejects after `ms`. @param {number} [ms] */
  const next = (ms = 2000) =>
    new Promise((resolve, reject) => {
      const f = frames.shift();
      if (f !== undefined) return resolve(f);
      const timer = setTimeout(() => {
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error('no frame'));
      }, ms);
      /** @param {any} frame */
      function done(frame) {
        clearTimeout(timer);
        resolve(frame);
      }
      waiters.push(done);
    });
  return { ws, frames, opened, closed, next };
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
