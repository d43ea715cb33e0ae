/**
 * An engine wired for unit tests: a fake back end answering by path, a virtual clock, and the
 * snapshot and request log kept in memory. Each test states only its back end's answers.
 *
 * @example
 * const t = createTestEngine({ now: NOW, routes: { '/api/stats/credits/today': () => jsonResponse(body) } });
 * await t.engine.refresh('startup');
 * t.clock.now += 30_000;
 * expect(t.count('/api/stats/credits/today')).toBe(1);
 */
import { createEngine, type Engine } from '../../utils/engine/engine';
import type { RequestLog } from '../../utils/schedule/policy';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import { createEmptySnapshot, type Snapshot } from '../../utils/snapshot/types';

/** One request as a route sees it; `now` is the virtual clock's time. */
export interface RouteRequest {
  url: URL;
  init?: RequestInit;
  now: number;
}

/** The back end's answer to one path (a rejected promise is a refused connection). */
export type Route = (request: RouteRequest) => Response | Promise<Response>;

/** How the whole back end fails, before any route: `refused` connections, or a `server` 500. */
export type Outage = 'no' | 'refused' | 'server';

export interface TestEngineOptions {
  /** Where the virtual clock starts (epoch ms). */
  now: number;
  /** The back end by path; change `routes` on the result to answer differently mid-test. */
  routes: Record<string, Route>;
  /** The answer to a path with no route (default: 404 `{"detail":"Not Found"}`). */
  fallback?: Route;
  /** Settings over the defaults. */
  settings?: Partial<Settings>;
  /** The browser's offset from UTC in minutes at an instant (default 0). */
  localOffsetMin?: (atMs: number) => number;
  /** The request log stored before the engine starts (default empty). */
  requestLog?: RequestLog;
  /** The snapshot stored before the engine starts (default empty). */
  snapshot?: Snapshot;
  /**
   * How the engine waits: `virtual` queues each wait until `advance` passes it; a function gets
   * the wait and the clock; unset, the engine's own (real) timers.
   */
  delay?: 'virtual' | ((ms: number, clock: { now: number }) => Promise<void>);
}

export interface TestEngine {
  engine: Engine;
  /** The virtual clock: move it by assigning `now`. */
  clock: { now: number };
  /** The routes in use, to change mid-test. */
  routes: Record<string, Route>;
  /** Every request, in order: its path and the clock's time. */
  requests: { path: string; at: number }[];
  /** Requests to `path` (every path when undefined) at times in [from, to). */
  count(path?: string, from?: number, to?: number): number;
  /** Fails the whole back end (or ends the outage with `no`). */
  setDown(outage: Outage): void;
  /** The snapshot as last saved. */
  stored(): Snapshot;
  /** The request log as last saved. */
  log(): RequestLog;
  /** Moves the clock to `to`, firing the `virtual` waits due on the way in order. */
  advance(to: number): Promise<void>;
}

/** A JSON response (status 200 unless said). */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const notFound: Route = () => jsonResponse({ detail: 'Not Found' }, 404);

/** Creates an engine on a fake back end under a virtual clock (see {@link TestEngineOptions}). */
export function createTestEngine(options: TestEngineOptions): TestEngine {
  const clock = { now: options.now };
  const routes = { ...options.routes };
  const fallback = options.fallback ?? notFound;
  const requests: { path: string; at: number }[] = [];
  const timers: { at: number; resolve: () => void }[] = [];
  let outage: Outage = 'no';
  let stored = options.snapshot ?? createEmptySnapshot();
  let log: RequestLog = options.requestLog ?? {};

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    requests.push({ path: url.pathname, at: clock.now });
    if (outage === 'refused') throw new TypeError('Failed to fetch');
    if (outage === 'server') return new Response('Internal Server Error', { status: 500 });
    return (routes[url.pathname] ?? fallback)({ url, init, now: clock.now });
  };
  const delay = options.delay;
  const engine = createEngine({
    fetch,
    now: () => clock.now,
    random: () => 0.5,
    getSettings: async () => ({ ...DEFAULT_SETTINGS, ...options.settings }),
    loadSnapshot: async () => stored,
    saveSnapshot: async (snapshot) => {
      stored = snapshot;
    },
    ...(delay === 'virtual'
      ? {
          delay: (ms: number) => new Promise<void>((resolve) => timers.push({ at: clock.now + ms, resolve })),
        }
      : delay
        ? { delay: (ms: number) => delay(ms, clock) }
        : {}),
    localOffsetMin: (atMs = clock.now) => options.localOffsetMin?.(atMs) ?? 0,
    loadRequestLog: async () => log,
    saveRequestLog: async (next) => {
      log = next;
    },
  });

  return {
    engine,
    clock,
    routes,
    requests,
    count: (path, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY) =>
      requests.filter((r) => (path === undefined || r.path === path) && r.at >= from && r.at < to).length,
    setDown(next) {
      outage = next;
    },
    stored: () => stored,
    log: () => log,
    async advance(to) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const first = timers[0];
        if (!first || first.at > to) break;
        timers.shift();
        clock.now = Math.max(clock.now, first.at);
        first.resolve();
        // Lets the engine run what the wait released before the next one fires.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      clock.now = Math.max(clock.now, to);
    },
  };
}
