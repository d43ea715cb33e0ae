/**
 * One simulated week: the real background (its entrypoint's main(), engine, reducer, schedule, status)
 * in WXT's fake browser under vitest's fake clock, against the back-end model, driven only through
 * what a browser offers it: ports from views, alarms, storage, commands, fetch and WebSocket.
 * Everything random comes from the seed, so one seed replays one run exactly.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setMessageLookup } from '../../utils/i18n';
import { countScannedToday } from '../../utils/snapshot/scanned';
import type { Snapshot } from '../../utils/snapshot/types';
import { deriveStatus, type StatusKind } from '../../utils/view/status';
import { formatMessage, readCatalogues } from '../unit/messages';
import {
  type BrowserEvents,
  createPortPair,
  dropWorkerListeners,
  installBrowser,
  type SimPort,
} from './browser';
import { checkSnapshot, figureTimes } from './invariants';
import { MeridinateModel, type Version } from './model';
import { createRng } from './rng';
import { midnightMs, nextDayKey } from './tz';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The client's request timeout (API.md §11.1; the product's 8 s). */
export const TIMEOUT_MS = 8_000;
/** Requests may still start this long after the last viewer went: a 5 s grace, one timeout, slack. */
export const NO_VIEWER_SLACK_MS = 15_000;
const HOURLY_CAP = 125;
/** The history (the only place a deletion shows) is fetched at least this often. */
const DELETION_GRACE_MS = 120_000;
const STEADY_MAX_PER_MIN = 6;
const API = 'http://localhost:5003';
const API_ALT = 'http://127.0.0.1:5003';
const API_WRONG = 'http://localhost:5999';
const APP = 'http://localhost:3000';

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Pacific/Kiritimati',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Los_Angeles',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Tokyo',
] as const;
/** Weeks that hold DST changes in some of the zones above, and a few that hold none. */
const STARTS = [
  '2026-03-05',
  '2026-03-26',
  '2026-04-02',
  '2026-09-24',
  '2026-10-01',
  '2026-10-22',
  '2026-10-29',
  '2027-03-11',
  '2026-06-15',
  '2026-12-28',
] as const;

type FaultKind =
  | 'down'
  | 'restart'
  | 'hang'
  | 'slow'
  | '500'
  | '422'
  | 'malformed'
  | 'wrong-shape'
  | 'lockout'
  | 'ws-drop'
  | 'ws-silence'
  | 'hint-flood'
  | 'refresh-flood'
  | 'wrong-url';
/** Faults after which the bar must be live again within one interval + 5 s. */
const RECOVERABLE: ReadonlySet<FaultKind> = new Set([
  'down',
  'restart',
  'hang',
  '500',
  '422',
  'malformed',
  'wrong-shape',
  'wrong-url',
]);
const ENDPOINT_PATHS = [
  '/api/stats/credits/today',
  '/api/stats/credits/transactions',
  '/api/tokens/history',
  '/api/tokens/latest',
  '/api/ingest/queue/stats',
  '/api/stats/credits/range',
] as const;

interface Fault {
  id: number;
  kind: FaultKind;
  /** null: every endpoint. */
  path: string | null;
  from: number;
  until: number;
}

interface View {
  id: number;
  kind: 'bar' | 'popup';
  url: string;
  tabId?: number;
  visible: boolean;
  port: SimPort | null;
  closed: boolean;
}

interface QueueItem {
  at: number;
  seq: number;
  label: string;
  run: () => void | Promise<void>;
}

export interface SeedOptions {
  days: number;
  trace: boolean;
  /** Stop at the first violation (the normal run); a trace keeps going to show what follows. */
  stopAtFirst: boolean;
}

export interface SeedResult {
  seed: number;
  violations: string[];
  trace: string[];
  stats: { requests: number; viewerHours: number; steadyPerMin: number | null; workerStarts: number };
}

interface TruthPoint {
  at: number;
  day: string;
  credits: number;
  scanned: number;
}

const english = readCatalogues().en ?? {};
const messages = new Map<string, string>();
/** The English catalogue, memoised: the same few sentences are worded thousands of times a run. */
const lookup = (key: string, substitutions: string[] = []) => {
  const id = `${key}\u0000${substitutions.join('\u0001')}`;
  let text = messages.get(id);
  if (text === undefined) {
    text = formatMessage(english, key, substitutions);
    if (messages.size > 50_000) messages.clear();
    messages.set(id, text);
  }
  return text;
};

/** Runs one seed. Call with fake timers installed by the caller's test file. */
export async function runSeed(seed: number, options: SeedOptions): Promise<SeedResult> {
  setMessageLookup(lookup);
  const rng = createRng(seed);
  const r = {
    setup: rng.fork(1),
    activity: rng.fork(2),
    faults: rng.fork(3),
    viewers: rng.fork(4),
    net: rng.fork(5),
    worker: rng.fork(6),
    product: rng.fork(7),
    settings: rng.fork(8),
  };
  const violations: string[] = [];
  const trace: string[] = [];

  // ---- set-up -------------------------------------------------------------------------------
  const serverZone = r.setup.pick(ZONES);
  let browserZone = r.setup.pick(ZONES);
  while (browserZone === serverZone) browserZone = r.setup.pick(ZONES);
  process.env.TZ = browserZone;
  const version: Version = r.setup.chance(0.5) ? 'OLD' : 'HEAD';
  const model = new MeridinateModel({
    version,
    zone: serverZone,
    rateLimit: r.setup.chance(0.85),
    skewMs: Math.round(r.setup.range(-60_000, 60_000)),
  });
  const start = Date.parse(`${r.setup.pick(STARTS)}T00:00:00Z`) + r.setup.int(0, 23) * HOUR;
  const end = start + options.days * DAY;
  vi.setSystemTime(start);
  // Product randomness (backoff jitter) from the seed too.
  const random = () => r.product.next();
  vi.spyOn(Math, 'random').mockImplementation(random);

  const stamp = () => {
    const now = Date.now();
    return `${new Date(now).toISOString().slice(5, 19).replace('T', ' ')} (srv ${model.wallNow(now).slice(11)})`;
  };
  const log = (line: string) => {
    if (options.trace) trace.push(`${stamp()} ${line}`);
  };
  let stopped = false;
  const lastReported = new Map<string, number>();
  const violate = (kind: string, detail: string) => {
    // The same violation is reported once per 10 minutes, not at every check while it lasts.
    const key = `${kind} ${detail.split(' ')[0]}`;
    if ((lastReported.get(key) ?? Number.NEGATIVE_INFINITY) > Date.now() - 10 * MIN) return;
    lastReported.set(key, Date.now());
    if (violations.length < 50) violations.push(`${new Date(Date.now()).toISOString()} ${kind}: ${detail}`);
    log(`!! VIOLATION ${kind}: ${detail}`);
    if (options.stopAtFirst) stopped = true;
  };
  const onError = (error: unknown) =>
    violate('throws', String((error as Error)?.stack ?? error).slice(0, 400));
  // The background logs what it caught with console.error: that counts as thrown too.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) =>
    violate(
      'logged-error',
      args
        .map((a) => String((a as Error)?.stack ?? a))
        .join(' ')
        .slice(0, 400),
    ),
  );

  // ---- the truth and what the bar shows ---------------------------------------------------------
  const truthLog: TruthPoint[] = [];
  /**
   * When a token analysed today was deleted. Nothing announces a deletion (no transaction row, no
   * hint); only the history shows it, and asking for it every interval would break the request
   * budget (see docs/reliability.md). So for DELETION_GRACE_MS after one, "tokens scanned" may
   * still count the deleted token.
   */
  const deletionsToday: number[] = [];
  const noteTruth = () => {
    const now = Date.now();
    const t = model.truth(now);
    const last = truthLog[truthLog.length - 1];
    if (last && last.day === t.day && last.credits === t.credits && last.scanned === t.scanned) return;
    truthLog.push({ at: now, ...t });
    // Keep 20 minutes of history (more than any allowed lag).
    while (truthLog.length > 2 && (truthLog[1] as TruthPoint).at < now - 20 * MIN) truthLog.shift();
    if (visibleCount() > 0) schedule(now + lagAllowance() + 1, 'check truth lag', () => undefined);
  };

  let snapshot: Snapshot | null = null;
  let settings = { pollSeconds: 30, apiBase: API };
  const pollHistory: { at: number; pollMs: number }[] = [{ at: start, pollMs: 30_000 }];
  const maxRecentPollMs = (now: number) => {
    let max = settings.pollSeconds * 1000;
    for (const p of pollHistory) if (p.at > now - 10 * MIN) max = Math.max(max, p.pollMs);
    return max;
  };
  /** When a request last took long (slow answer or hang): the refresh's answers waited for it. */
  let lastSlowAt = Number.NEGATIVE_INFINITY;
  const lagAllowance = () => {
    const now = Date.now();
    const pollMs = maxRecentPollMs(now);
    const slow = lastSlowAt > now - pollMs - 20_000;
    // A refresh folds its answers together, and the transactions page waits up to a second for
    // credits/today's answer, which decides whether it is needed. When the history is asked, it
    // follows the page (so it covers the page's analysis rows): two slow answers in a row.
    return pollMs + 1_000 + (slow ? 2 * TIMEOUT_MS + 1_000 : 200);
  };

  // ---- views and viewers ------------------------------------------------------------------------
  const views = new Map<number, View>();
  let nextViewId = 1;
  let nextTabId = 100;
  let lastViewerGoneAt = Number.NEGATIVE_INFINITY;
  let lastCommandAt = Number.NEGATIVE_INFINITY;
  let viewerMs = 0;
  const visibleCount = () => {
    let n = 0;
    for (const v of views.values()) if (v.visible && !v.closed) n += 1;
    return n;
  };
  let wasWatching = false;
  let watchingSince = Number.NEGATIVE_INFINITY;
  const noteViewers = () => {
    const watching = visibleCount() > 0;
    if (watching && !wasWatching) watchingSince = Date.now();
    if (wasWatching && !watching) {
      lastViewerGoneAt = Date.now();
      cancelDeadlines('no viewer');
      // An MV3 worker with nothing to do is stopped after about 30 s.
      schedule(Date.now() + 35_000, 'idle stop', () => {
        if (visibleCount() === 0 && worker.running && inFlightTotal() === 0) stopWorker('idle');
      });
    }
    wasWatching = watching;
  };

  // ---- the worker ------------------------------------------------------------------------------
  const worker = { running: false, generation: 0, starts: 0 };
  let events: BrowserEvents;
  fakeBrowser.reset();
  events = installBrowser(onError, (items) => {
    if ('snapshot' in items) {
      snapshot = items.snapshot as Snapshot;
      const problems = checkSnapshot(items.snapshot, Date.now());
      if (problems) {
        const raw = items.snapshot as Snapshot;
        violate(
          'schema',
          `${problems} (credits ${JSON.stringify({ ...raw.credits, byOperation: undefined })})`,
        );
      }
      check();
    }
  });
  await fakeBrowser.storage.sync.set({ settings: { ...settingsDefaults(), ...settings } });

  /**
   * Starts the worker (a fresh module instance, storage kept), or returns the start under way:
   * as in a browser, events for a starting worker wait until its listeners are registered.
   */
  let starting: Promise<void> = Promise.resolve();
  const startWorker = (why: 'wake' | 'browser-start' | 'install'): Promise<void> => {
    if (worker.running) return starting;
    starting = bootWorker(why);
    return starting;
  };
  const bootWorker = async (why: 'wake' | 'browser-start' | 'install') => {
    worker.running = true;
    worker.generation += 1;
    worker.starts += 1;
    log(`worker start (${why})`);
    vi.resetModules();
    const i18n = await import('../../utils/i18n');
    const background = await import('../../entrypoints/background');
    background.default.main();
    // The entrypoint installs the browser's catalogue: the simulation answers with its own.
    i18n.setMessageLookup(lookup);
    if (why === 'browser-start')
      (fakeBrowser.runtime.onStartup as unknown as { trigger(): Promise<unknown> }).trigger().catch(onError);
    if (why === 'install')
      (fakeBrowser.runtime.onInstalled as unknown as { trigger(d: unknown): Promise<unknown> })
        .trigger({ reason: 'install' })
        .catch(onError);
  };

  const stopWorker = (why: string) => {
    if (!worker.running) return;
    log(`worker stop (${why})`);
    worker.running = false;
    worker.generation += 1;
    // Its timers, fetches and sockets die with it; storage and alarms stay.
    // (clearAllTimers also rewinds the fake clock: keep the time.)
    const now = Date.now();
    vi.clearAllTimers();
    vi.setSystemTime(now);
    dropWorkerListeners(events);
    for (const s of sockets) s.kill();
    sockets.clear();
    inFlight.clear();
    for (const v of views.values()) {
      if (v.port) {
        const port = v.port;
        // The background's end goes away: the view hears a disconnect.
        port.other.disconnect();
      }
    }
  };

  // ---- network: fetch and WebSocket ---------------------------------------------------------------
  const inFlight = new Map<string, number>();
  const inFlightTotal = () => [...inFlight.values()].reduce((a, b) => a + b, 0);
  const requestTimes = new Map<string, number[]>();
  let requests = 0;
  let steadyRequests = 0;
  let steadyMs = 0;
  let lastDisturbanceAt = start;
  const faults: Fault[] = [];
  let nextFaultId = 1;
  const activeFaults = (now: number) => faults.filter((f) => f.from <= now && now < f.until);
  const faultFor = (path: string, now: number, kinds: readonly FaultKind[]) =>
    activeFaults(now).find((f) => kinds.includes(f.kind) && (f.path === null || f.path === path));
  const serverDown = (now: number) =>
    activeFaults(now).some((f) => (f.kind === 'down' || f.kind === 'restart') && f.path === null);
  // Steady use: someone has watched for a minute (the first look after nobody looked fetches
  // everything at once, as a click does), nothing went wrong or changed for 5 minutes, no click
  // for 1.
  let lastClickAt = Number.NEGATIVE_INFINITY;
  const isSteady = (now: number) =>
    visibleCount() > 0 &&
    now - watchingSince > MIN &&
    now - lastDisturbanceAt > 5 * MIN &&
    now - lastClickAt > MIN;

  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const now = Date.now();
    const url = new URL(String(input));
    const path = url.pathname;
    const generation = worker.generation;
    requests += 1;
    if (isSteady(now)) steadyRequests += 1;
    // Invariants on the request itself.
    // The keyboard shortcut is the user asking: it may fetch with no view open.
    const asked = now - lastCommandAt <= NO_VIEWER_SLACK_MS;
    if (visibleCount() === 0 && now - lastViewerGoneAt > NO_VIEWER_SLACK_MS && !asked) {
      violate(
        'request-without-viewer',
        `${path} ${Math.round((now - lastViewerGoneAt) / 1000)} s after the last viewer left`,
      );
    }
    const times = (requestTimes.get(path) ?? []).filter((t) => t > now - HOUR);
    times.push(now);
    requestTimes.set(path, times);
    if (times.length > HOURLY_CAP)
      violate('hourly-cap', `${path}: ${times.length} requests in the last hour`);
    const flying = inFlight.get(path) ?? 0;
    if (flying >= 1) violate('in-flight', `${path}: ${flying + 1} requests in flight`);
    inFlight.set(path, flying + 1);
    const done = () => {
      if (generation === worker.generation) inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
    };
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const signal = init?.signal ?? undefined;

    const host = url.origin;
    const reachable = host === API || host === API_ALT;
    let outcome:
      | { kind: 'refused' }
      | { kind: 'hang' }
      | { kind: 'answer'; status: number; headers: Record<string, string>; body: string; delay: number };
    if (!reachable || serverDown(now)) outcome = { kind: 'refused' };
    else if (faultFor(path, now, ['hang'])) {
      // A refresh folds its answers together: a hanging request delays its siblings' figures
      // until the timeout, like a slow one.
      lastSlowAt = now;
      outcome = { kind: 'hang' };
    } else {
      const fault = faultFor(path, now, ['500', '422', 'malformed', 'wrong-shape']);
      let answer = model.handle(url, headers, now);
      if (answer.status === 429) last429At.set(path, now);
      if (fault?.kind === '500')
        answer = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
      else if (fault?.kind === '422')
        answer = {
          status: 422,
          headers: { 'content-type': 'application/json' },
          body: '{"detail":[{"type":"missing","loc":["query","x"],"msg":"Field required","input":null}]}',
        };
      else if (fault?.kind === 'malformed' && answer.status === 200)
        answer = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"total_credits": 12, "period_',
        };
      else if (fault?.kind === 'wrong-shape' && answer.status === 200)
        answer = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"unexpected":true}',
        };
      const slow = faultFor(path, now, ['slow']);
      if (slow) lastSlowAt = now;
      const delay = slow ? Math.round(r.net.range(1_000, 7_000)) : Math.round(r.net.range(3, 80));
      outcome = { kind: 'answer', ...answer, delay };
    }
    log(
      `-> ${path}${url.search} ${outcome.kind === 'answer' ? `${outcome.status} in ${outcome.delay} ms` : outcome.kind}`,
    );
    return new Promise<Response>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        done();
        reject(new DOMException('The operation was aborted.', 'AbortError'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (outcome.kind === 'hang') return;
      const delay = outcome.kind === 'refused' ? 2 : outcome.delay;
      timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        done();
        if (outcome.kind === 'refused') return reject(new TypeError('fetch failed'));
        if (outcome.kind !== 'answer') return;
        const body = outcome.status === 304 ? null : outcome.body;
        const responseHeaders = new Headers(outcome.headers);
        if (body !== null) responseHeaders.set('content-length', String(Buffer.byteLength(body)));
        resolve(new Response(body, { status: outcome.status, headers: responseHeaders }));
      }, delay);
    });
  };

  class FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onclose: ((e: unknown) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    constructor(readonly url: string) {
      const u = new URL(url);
      const ok = (`http://${u.host}` === API || `http://${u.host}` === API_ALT) && !serverDown(Date.now());
      const refuse = ok && activeFaults(Date.now()).some((f) => f.kind === 'ws-drop');
      setTimeout(
        () => {
          if (this.readyState !== 0) return;
          if (!ok || refuse) {
            this.readyState = 3;
            this.onerror?.({});
            this.onclose?.({ code: 1006 });
            return;
          }
          this.readyState = 1;
          sockets.add(this);
          this.onopen?.({});
        },
        Math.round(r.net.range(3, 40)),
      );
    }
    send(data: unknown) {
      if (this.readyState !== 1) throw new Error('WebSocket is not open');
      if (typeof data !== 'string') return this.serverClose();
      if (activeFaults(Date.now()).some((f) => f.kind === 'ws-silence')) return;
      this.deliver(JSON.stringify({ type: 'pong', data }));
    }
    deliver(frame: string) {
      setTimeout(
        () => {
          if (this.readyState === 1) this.onmessage?.({ data: frame });
        },
        Math.round(r.net.range(2, 30)),
      );
    }
    close() {
      if (this.readyState === 3) return;
      this.readyState = 3;
      sockets.delete(this);
      setTimeout(() => this.onclose?.({ code: 1000 }), 1);
    }
    serverClose() {
      if (this.readyState === 3) return;
      this.readyState = 3;
      sockets.delete(this);
      setTimeout(() => this.onclose?.({ code: 1012 }), 1);
    }
    /** The worker died: nothing more reaches its handlers. */
    kill() {
      this.readyState = 3;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
    }
  }
  const sockets = new Set<FakeSocket>();
  const broadcastHint = (tokenId: number) => {
    if (activeFaults(Date.now()).some((f) => f.kind === 'ws-silence')) return;
    const frame = JSON.stringify({
      event: 'analysis_complete',
      data: {
        job_id: `job-${tokenId}`,
        token_name: 'x',
        token_symbol: 'X',
        acronym: 'X',
        wallets_found: 3,
        token_id: tokenId,
      },
    });
    for (const s of sockets) s.deliver(frame);
  };
  vi.stubGlobal('fetch', fakeFetch);
  vi.stubGlobal('WebSocket', FakeSocket);

  // ---- the event queue -------------------------------------------------------------------------------
  const queue: QueueItem[] = [];
  let seq = 0;
  function schedule(when: number, label: string, run: () => void | Promise<void>) {
    // Whole milliseconds: the fake clock moves in whole milliseconds.
    const at = Math.ceil(when);
    const item = { at, seq: seq++, label, run };
    // Binary insertion keeps the queue sorted by time, then by order of scheduling.
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = queue[mid] as QueueItem;
      if (q.at < at || (q.at === at && q.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, item);
  }

  // ---- views -------------------------------------------------------------------------------------------
  const connectView = async (view: View) => {
    if (view.closed || view.port) return;
    await startWorker('wake');
    if (view.closed || view.port) return;
    const sender = {
      id: fakeBrowser.runtime.id,
      url: view.url,
      ...(view.tabId === undefined ? {} : { tab: { id: view.tabId } }),
    };
    const pair = createPortPair('live-credits-viewer', sender, onError);
    view.port = pair.view;
    pair.view.onDisconnect.addListener(() => {
      if (view.port === pair.view) view.port = null;
      // As the view's side does: reconnect soon while visible; a hidden one when shown again.
      if (!view.closed && view.visible)
        schedule(Date.now() + 250, `view ${view.id} reconnects`, () => connectView(view));
    });
    events.onConnect.fire(pair.background);
    pair.view.postMessage({ type: 'hello', view: view.kind, visible: view.visible });
  };
  const post = (view: View, message: unknown) => {
    if (view.port?.connected) view.port.postMessage(message);
  };
  const openView = (kind: 'bar' | 'popup', page: 'tokens' | 'ingestion' = 'tokens', tabId?: number): View => {
    const view: View = {
      id: nextViewId++,
      kind,
      url: kind === 'bar' ? `${APP}/dashboard/${page}` : fakeBrowser.runtime.getURL('/popup.html'),
      tabId: kind === 'bar' ? (tabId ?? nextTabId++) : undefined,
      visible: true,
      port: null,
      closed: false,
    };
    views.set(view.id, view);
    log(`open ${kind} ${view.id}${kind === 'bar' ? ` ${page}` : ''}`);
    noteViewers();
    connectView(view).catch(onError);
    if (kind === 'bar') startAppTabPolling();
    return view;
  };
  const closeView = (view: View) => {
    if (view.closed) return;
    view.closed = true;
    log(`close ${view.kind} ${view.id}`);
    view.port?.disconnect();
    view.port = null;
    views.delete(view.id);
    noteViewers();
  };
  const setVisible = (view: View, visible: boolean) => {
    if (view.closed || view.visible === visible) return;
    view.visible = visible;
    log(`${view.kind} ${view.id} ${visible ? 'shown' : 'hidden'}`);
    noteViewers();
    if (view.port) post(view, { type: 'visibility', visible });
    else if (visible) connectView(view).catch(onError);
  };

  // The app's own Tokens tab polls credits/today every 30 s and shares the limiter (§6).
  let appPolling = false;
  const startAppTabPolling = () => {
    if (appPolling) return;
    appPolling = true;
    const tick = () => {
      if (![...views.values()].some((v) => v.kind === 'bar')) {
        appPolling = false;
        return;
      }
      if (!serverDown(Date.now())) model.hit('/api/stats/credits/today', Date.now());
      schedule(Date.now() + 30_000, 'app tab polls', tick);
    };
    schedule(Date.now() + 1_000, 'app tab polls', tick);
  };

  // ---- invariants checked at every step ------------------------------------------------------------
  interface Deadline {
    faultId: number;
    clearedAt: number;
    due: number;
  }
  let deadlines: Deadline[] = [];
  const cancelDeadlines = (why: string) => {
    if (deadlines.length > 0) log(`recovery deadlines cancelled: ${why}`);
    deadlines = [];
  };
  let lastStatus: StatusKind | null = null;
  const truthMatches = (shown: { day: string; credits: number; scanned: number | null }, from: number) => {
    const now = Date.now();
    const unseenDeletions = deletionsToday.filter((t) => t > now - DELETION_GRACE_MS - lagAllowance()).length;
    // Each figure is fetched on its own (a hint refreshes the history alone, a spent budget holds
    // one endpoint back), so each must equal the truth at some moment of the window, on the day shown:
    // credits from one moment and the scanned count from a later one is two true figures, not a lie.
    let credits = false;
    let scanned = false;
    for (let i = truthLog.length - 1; i >= 0; i -= 1) {
      const p = truthLog[i] as TruthPoint;
      const endAt = i + 1 < truthLog.length ? (truthLog[i + 1] as TruthPoint).at : Number.POSITIVE_INFINITY;
      if (endAt < from) break;
      if (p.day !== shown.day) continue;
      const extra = shown.scanned === null ? -1 : shown.scanned - p.scanned;
      credits ||= p.credits === shown.credits;
      scanned ||= extra >= 0 && extra <= unseenDeletions;
      if (credits && scanned) return true;
    }
    return false;
  };
  /**
   * The back end's limiter answered 429 on a path (API.md §6: stop that endpoint, retry after 60 s
   * doubling up to 15 min). Holds the product keeps in force must rest on one, within 15 minutes.
   */
  const last429At = new Map<string, number>();
  /** When the product's 429 holds in force end, or null when one is not backed by a real 429. */
  const justifiedHoldEnd = (s: Snapshot, now: number): number | null => {
    let end = 0;
    for (const p of s.paused ?? []) {
      if (!p.strikes || p.until <= now) continue;
      const at = last429At.get(p.endpoint);
      // Counted from the answer, which may come up to a timeout after the request.
      if (at === undefined || p.until > at + 15 * MIN + TIMEOUT_MS + 1_000) return null;
      end = Math.max(end, p.until);
    }
    return end;
  };
  function check() {
    const s = snapshot;
    if (!s || stopped) return;
    // With nobody looking nothing is shown: only a trace wants the status then.
    if (visibleCount() === 0 && deadlines.length === 0 && !options.trace) return;
    const now = Date.now();
    const pollMs = settings.pollSeconds * 1000;
    const status = deriveStatus(s, now, pollMs, 'en');
    if (status.kind !== lastStatus) {
      log(`status ${lastStatus} -> ${status.kind}: ${status.label} (${status.detail})`);
      lastStatus = status.kind;
    }
    if (status.kind === 'live' && visibleCount() > 0) {
      const limit = 2 * pollMs + TIMEOUT_MS;
      for (const [name, at] of figureTimes(s)) {
        if (now - at > limit) {
          violate(
            'live-but-old',
            `${name} is ${Math.round((now - at) / 1000)} s old (limit ${limit / 1000} s) while Live`,
          );
        }
      }
      const credits = s.credits;
      const shown = {
        day: credits ? credits.periodStart.slice(0, 10) : '',
        credits: credits?.total ?? -1,
        scanned: countScannedToday(s),
      };
      const allowance = lagAllowance();
      if (!truthMatches(shown, now - allowance)) {
        const truth = model.truth(now);
        violate(
          'live-but-wrong',
          `shows day ${shown.day} credits ${shown.credits} scanned ${shown.scanned}; truth day ${truth.day} credits ${truth.credits} scanned ${truth.scanned} (allowed lag ${allowance / 1000} s)`,
        );
      }
    }
    // Recovered: the figures are current again. A day whose start cannot be known (a DST change
    // not seen, see the reducer) says so as 'partial' with nothing failing: not a fault's doing.
    const dayUnsure =
      status.kind === 'partial' && s.errors.length === 0 && s.credits?.dayStartUnknown === true;
    if (status.kind === 'live' || status.kind === 'polling' || dayUnsure) {
      deadlines = deadlines.filter((d) => d.clearedAt > now);
    }
    const holdEnd = justifiedHoldEnd(s, now);
    if (holdEnd === null)
      violate('unjustified-hold', `an endpoint held back without a 429 in the last 15 min`);
    // Slow answers (1–7 s) delay the way back by two answer times: the one light request of an
    // outage, then the full set once it answered.
    const slowNow = lastSlowAt > now - pollMs - 20_000;
    for (const d of deadlines) {
      // The back end's limiter said to wait: recovery is due one interval after the product asks
      // again, at the time it states (at most 15 min after the 429).
      if (status.kind === 'rate-limited' && holdEnd) d.due = Math.max(d.due, holdEnd + pollMs + 5_000);
      if (slowNow) d.due = Math.max(d.due, d.clearedAt + pollMs + 5_000 + 2 * TIMEOUT_MS);
      if (now > d.due) {
        violate(
          'slow-recovery',
          `fault ${d.faultId} cleared ${Math.round((now - d.clearedAt) / 1000)} s ago, status still ${status.kind} (${status.detail})`,
        );
      }
    }
    deadlines = deadlines.filter((d) => now <= d.due);
  }
  /** The next moment a check could find something new without any event. */
  const nextCheckAt = (now: number): number => {
    let next = Number.POSITIVE_INFINITY;
    const s = snapshot;
    const pollMs = settings.pollSeconds * 1000;
    if (s && visibleCount() > 0) {
      for (const [, at] of figureTimes(s)) {
        const expiry = at + 2 * pollMs + TIMEOUT_MS + 1;
        if (expiry > now) next = Math.min(next, expiry);
      }
      next = Math.min(next, now + 15_000);
    }
    for (const d of deadlines) next = Math.min(next, d.due + 1);
    return next;
  };

  // ---- scenario processes ---------------------------------------------------------------------------
  // Back-end activity: small charges, analyses (dozens of rows, then the summary row and a hint),
  // ingest runs, deletions, and the server's midnights.
  const chargeOps: readonly (readonly [string, number])[] =
    version === 'OLD'
      ? ([
          ['wallet_balance', 1],
          ['account_owner', 1],
          ['token_accounts', 10],
          ['token_largest_accounts', 1],
        ] as const)
      : ([
          ['wallet_balance', 1],
          ['market_cap_refresh', 12],
          ['token_accounts', 1],
          ['wallet_api_balances', 100],
        ] as const);
  const scheduleCharge = (from: number) =>
    schedule(from + r.activity.exp(8 * MIN), 'charge', () => {
      const [op, credits] = r.activity.pick(chargeOps);
      const n = r.activity.chance(0.2) ? r.activity.int(2, 25) : 1;
      for (let i = 0; i < n; i += 1) model.charge(Date.now(), op, credits, null);
      log(`backend: ${n} × ${op} (${credits} cr)`);
      noteTruth();
      scheduleCharge(Date.now());
    });
  const scheduleAnalysis = (from: number) =>
    schedule(from + r.activity.exp(45 * MIN), 'analysis', () => {
      const bursts = r.activity.int(1, 4);
      let total = 0;
      let at = Date.now();
      for (let b = 0; b < bursts; b += 1) {
        const rows = r.activity.int(1, 15);
        const when = at;
        schedule(when, 'analysis rows', () => {
          for (let i = 0; i < rows; i += 1) {
            const op = i === 0 ? 'transactions_for_address' : 'wallet_balance';
            const credits = op === 'transactions_for_address' ? (model.version === 'OLD' ? 100 : 50) : 1;
            total += credits;
            model.charge(Date.now(), op, credits, null);
          }
          noteTruth();
        });
        at += r.activity.int(0, 6_000);
      }
      schedule(at + 1, 'analysis done', () => {
        const live = model.tokens.filter((t) => !t.deleted);
        const again = live.length > 3 && r.activity.chance(0.25) ? r.activity.pick(live).id : undefined;
        const token = model.analyse(Date.now(), { reanalyse: again }, total, r.activity.int(0, 12));
        model.charge(Date.now(), 'token_analysis', 0, {
          total_credits: total,
          mint_address: token.token_address,
        });
        log(`backend: analysis of token ${token.id} done (${total} cr)`);
        noteTruth();
        broadcastHint(token.id);
      });
      scheduleAnalysis(at);
    });
  const scheduleIngest = (from: number) =>
    schedule(from + HOUR, 'ingest run', () => {
      model.lastTier0At = model.serverNow(Date.now());
      scheduleIngest(Date.now());
    });
  const scheduleDelete = (from: number) =>
    schedule(from + r.activity.exp(DAY), 'delete token', () => {
      const live = model.tokens.filter((t) => !t.deleted);
      if (live.length > 0) {
        const token = r.activity.pick(live);
        const today = model.dayBounds(model.today(Date.now()));
        const at = token.at - model.skewMs;
        if (at >= today.start && at < today.end) deletionsToday.push(Date.now());
        model.deleteToken(token.id);
        log(`backend: token ${token.id} deleted`);
        noteTruth();
      }
      scheduleDelete(Date.now());
    });
  const scheduleMidnights = () => {
    let key = model.today(start);
    for (let i = 0; i <= options.days + 1; i += 1) {
      key = nextDayKey(key);
      const day = key;
      const at = midnightMs(serverZone, day) - model.skewMs;
      if (at > start && at < end)
        schedule(at, 'server midnight', () => {
          log(`server midnight: ${day} (offset ${model.offsetNow(Date.now())} min)`);
          noteTruth();
        });
    }
  };

  // Faults.
  const clearFault = (fault: Fault) => {
    const now = Date.now();
    log(`fault ${fault.id} ${fault.kind}${fault.path ? ` on ${fault.path}` : ''} cleared`);
    lastDisturbanceAt = now;
    if (fault.kind === 'wrong-url') {
      setSettings({ apiBase: API });
    }
    if (!RECOVERABLE.has(fault.kind)) return;
    const others = activeFaults(now).filter((f) => f.id !== fault.id && f.kind !== 'slow');
    if (others.length > 0 || visibleCount() === 0) return;
    // The product's own hourly cap may block an endpoint for the rest of the hour by design.
    const nearCap = [...requestTimes.values()].some(
      (times) => times.filter((t) => t > now - HOUR).length >= HOURLY_CAP - 5,
    );
    if (nearCap) return;
    const pollMs = settings.pollSeconds * 1000;
    deadlines.push({ faultId: fault.id, clearedAt: now, due: now + pollMs + 5_000 });
  };
  const startFault = () => {
    const now = Date.now();
    const kind = r.faults.pick([
      'down',
      'down',
      'restart',
      'restart',
      'hang',
      'hang',
      'slow',
      '500',
      '500',
      '422',
      'malformed',
      'wrong-shape',
      'lockout',
      'ws-drop',
      'ws-silence',
      'hint-flood',
      'refresh-flood',
      'wrong-url',
    ] as const);
    const duration = r.faults.pick([
      () => r.faults.range(5_000, 60_000),
      () => r.faults.range(60_000, 5 * MIN),
      () => r.faults.range(5 * MIN, 15 * MIN),
    ])();
    const scoped =
      ['hang', 'slow', '500', '422', 'malformed', 'wrong-shape'].includes(kind) && r.faults.chance(0.4);
    const path =
      kind === 'lockout'
        ? r.faults.pick(ENDPOINT_PATHS.slice(0, 3))
        : scoped
          ? r.faults.pick(ENDPOINT_PATHS)
          : null;
    const fault: Fault = { id: nextFaultId++, kind, path, from: now, until: now + Math.round(duration) };
    if (kind === 'restart') fault.until = now + Math.round(r.faults.range(2_000, 20_000));
    if (kind === 'ws-drop') fault.until = now + Math.round(r.faults.range(0, 60_000));
    if (kind === 'lockout') {
      model.exhaust(fault.path as string, now);
      fault.until = model.blockedUntil(fault.path as string, now) ?? now;
    }
    faults.push(fault);
    lastDisturbanceAt = now;
    cancelDeadlines(`fault ${fault.id}`);
    log(
      `fault ${fault.id} ${kind}${path ? ` on ${path}` : ''} for ${Math.round((fault.until - now) / 1000)} s`,
    );
    if (kind === 'down' || kind === 'restart' || kind === 'ws-drop')
      for (const s of [...sockets]) s.serverClose();
    if (kind === 'restart') {
      const upgrade = model.version === 'OLD' && r.faults.chance(0.2) ? 'HEAD' : undefined;
      schedule(fault.until, 'backend restarted', () => {
        model.restart(upgrade);
        log(`backend restarted${upgrade ? ' as HEAD' : ''}`);
      });
    }
    if (kind === 'hint-flood' || kind === 'refresh-flood') {
      // Floods are short and dense; with nobody to hear them they idle at a coarse pace.
      fault.until = Math.min(fault.until, now + 3 * MIN);
      const every = r.faults.range(100, 1_000);
      const flood = () => {
        if (Date.now() >= fault.until) return;
        let heard = false;
        if (kind === 'hint-flood') {
          heard = sockets.size > 0;
          broadcastHint(0);
        } else {
          const bar = [...views.values()].find((v) => v.kind === 'bar' && v.port);
          heard = bar !== undefined;
          if (bar) post(bar, { type: 'refresh' });
        }
        schedule(Date.now() + (heard ? every : 5_000), kind, flood);
      };
      flood();
    }
    if (kind === 'wrong-url') setSettings({ apiBase: API_WRONG });
    schedule(fault.until, `fault ${fault.id} clears`, () => clearFault(fault));
    // Faults matter most while someone looks: they come more often then.
    schedule(now + r.faults.exp(visibleCount() > 0 ? 20 * MIN : 120 * MIN), 'fault', startFault);
  };

  // Viewers: sessions of use, tabs hidden and shown, navigation, popups, clicks.
  const sessionsOfDay = (dayStart: number) => {
    // Most days have one or two short looks; some have none, some a long one.
    const count = r.viewers.pick([0, 0, 1, 1, 2]);
    for (let i = 0; i < count; i += 1) {
      const at = dayStart + r.viewers.range(0, DAY - HOUR);
      const length = Math.min(45 * MIN, Math.max(2 * MIN, r.viewers.exp(8 * MIN)));
      schedule(at, 'session', () => session(length));
    }
  };
  const session = (length: number) => {
    const until = Date.now() + length;
    const tabs = r.viewers.int(1, 3);
    const opened: View[] = [];
    for (let i = 0; i < tabs; i += 1)
      opened.push(openView('bar', r.viewers.chance(0.7) ? 'tokens' : 'ingestion'));
    const act = () => {
      const now = Date.now();
      const live = opened.filter((v) => !v.closed);
      if (now >= until || live.length === 0) {
        for (const v of live) closeView(v);
        return;
      }
      const roll = r.viewers.next();
      const view = r.viewers.pick(live);
      if (roll < 0.3) {
        setVisible(view, !view.visible);
      } else if (roll < 0.5) {
        // A full page load to the other page: the old port closes, the new one connects soon after.
        closeView(view);
        opened.splice(opened.indexOf(view), 1);
        const page = view.url.endsWith('tokens') ? 'ingestion' : 'tokens';
        schedule(now + r.viewers.range(100, 2_000), 'navigation lands', () => {
          if (Date.now() < until) opened.push(openView('bar', page, view.tabId));
        });
      } else if (roll < 0.7) {
        const popup = openView('popup');
        schedule(now + r.viewers.range(3_000, 60_000), 'popup closes', () => closeView(popup));
      } else if (roll < 0.8 && view.visible) {
        // Only a bar on screen can be clicked.
        log(`bar ${view.id}: Refresh clicked`);
        lastClickAt = now;
        post(view, { type: 'refresh' });
      } else if (roll < 0.85) {
        log('command: refresh');
        lastCommandAt = now;
        lastClickAt = now;
        startWorker('wake')
          .then(() => events.onCommand.fire('refresh'))
          .catch(onError);
      }
      schedule(now + r.viewers.exp(6 * MIN), 'viewer acts', act);
    };
    schedule(Date.now() + r.viewers.exp(6 * MIN), 'viewer acts', act);
  };

  // The worker is stopped now and then (updates, memory pressure), the browser restarted rarely.
  const scheduleWorkerStop = (from: number) =>
    schedule(from + r.worker.exp(5 * HOUR), 'worker stop', () => {
      stopWorker('random');
      lastDisturbanceAt = Date.now();
      // A visible view reconnects (and so wakes it) by itself; else the next event wakes it.
      scheduleWorkerStop(Date.now());
    });
  const scheduleBrowserRestart = (from: number) =>
    schedule(from + r.worker.exp(3 * DAY), 'browser restart', async () => {
      for (const v of [...views.values()]) closeView(v);
      stopWorker('browser quits');
      await fakeBrowser.storage.session.clear();
      schedule(Date.now() + r.worker.range(10_000, 10 * MIN), 'browser starts', () =>
        startWorker('browser-start'),
      );
      scheduleBrowserRestart(Date.now());
    });

  // Settings changes from Options (storage.sync).
  function setSettings(change: Partial<typeof settings>) {
    settings = { ...settings, ...change };
    pollHistory.push({ at: Date.now(), pollMs: settings.pollSeconds * 1000 });
    lastDisturbanceAt = Date.now();
    cancelDeadlines('settings changed');
    log(`settings: poll ${settings.pollSeconds} s, API ${settings.apiBase}`);
    fakeBrowser.storage.sync.set({ settings: { ...settingsDefaults(), ...settings } }).catch(onError);
  }
  const scheduleSettings = (from: number): void =>
    schedule(from + r.settings.exp(1.5 * DAY), 'settings change', () => {
      if (activeFaults(Date.now()).some((f) => f.kind === 'wrong-url')) {
        scheduleSettings(Date.now());
        return;
      }
      if (r.settings.chance(0.6)) setSettings({ pollSeconds: r.settings.pick([30, 30, 45, 60, 120, 300]) });
      else setSettings({ apiBase: settings.apiBase === API ? API_ALT : API });
      scheduleSettings(Date.now());
    });

  // ---- seed the back end's past and start ----------------------------------------------------------
  for (let i = 0; i < r.activity.int(5, 60); i += 1) {
    const at = start - r.activity.range(0, 40 * HOUR);
    vi.setSystemTime(at);
    model.charge(at, 'wallet_balance', 1);
    if (r.activity.chance(0.3)) model.analyse(at, {}, 200, 5);
  }
  // Rows must be in id order with non-decreasing times, as the app writes them.
  model.rows.sort((a, b) => a.at - b.at);
  model.rows.forEach((row, i) => {
    row.id = i + 1;
  });
  vi.setSystemTime(start);
  model.lastTier0At = model.serverNow(start) - 30 * MIN;
  log(
    `seed ${seed}: ${version}, server ${serverZone} (skew ${Math.round(model.skewMs / 1000)} s), browser ${browserZone}, rate limit ${model.rateLimitEnabled ? 'on' : 'off'}, ${options.days} days from ${new Date(start).toISOString()}`,
  );
  noteTruth();
  await startWorker('install');
  scheduleCharge(start);
  scheduleAnalysis(start);
  scheduleIngest(start);
  scheduleDelete(start);
  scheduleMidnights();
  schedule(start + r.faults.exp(60 * MIN), 'fault', startFault);
  for (let d = 0; d < options.days; d += 1) sessionsOfDay(start + d * DAY);
  if (r.viewers.chance(0.5))
    schedule(start + 1_000, 'session', () => session(r.viewers.range(5 * MIN, HOUR)));
  scheduleWorkerStop(start);
  scheduleBrowserRestart(start);
  scheduleSettings(start);

  // ---- the loop --------------------------------------------------------------------------------------
  const alarmList = () =>
    fakeBrowser.alarms.getAll() as Promise<
      { name: string; scheduledTime: number; periodInMinutes?: number }[]
    >;
  let unhandled: ((reason: unknown) => void) | null = (reason) => onError(reason);
  process.on('unhandledRejection', unhandled);
  try {
    while (!stopped) {
      const now = Date.now();
      if (now >= end) break;
      const alarms = await alarmList();
      let next = queue[0]?.at ?? end;
      for (const a of alarms) next = Math.min(next, a.scheduledTime);
      next = Math.min(next, nextCheckAt(now));
      const watching = visibleCount() > 0;
      if (next > now) {
        await vi.advanceTimersByTimeAsync(next - now);
        if (watching) viewerMs += next - now;
        if (watching && isSteady(now)) steadyMs += next - now;
      }
      const t = Date.now();
      for (const a of await alarmList()) {
        if (a.scheduledTime > t) continue;
        if (a.periodInMinutes) {
          await fakeBrowser.alarms.create(a.name, {
            when: a.scheduledTime + a.periodInMinutes * MIN,
            periodInMinutes: a.periodInMinutes,
          });
        } else await fakeBrowser.alarms.clear(a.name);
        await startWorker('wake');
        log(`alarm ${a.name}`);
        await (fakeBrowser.alarms.onAlarm as unknown as { trigger(a: unknown): Promise<unknown> }).trigger(a);
      }
      while (queue.length > 0 && (queue[0] as QueueItem).at <= t && !stopped) {
        const item = queue.shift() as QueueItem;
        await item.run();
      }
      await vi.advanceTimersByTimeAsync(0);
      check();
    }
  } finally {
    process.off('unhandledRejection', unhandled);
    unhandled = null;
    stopWorker('end of run');
    vi.unstubAllGlobals();
  }
  const viewerHours = viewerMs / HOUR;
  const steadyPerMin = steadyMs >= 30 * MIN ? steadyRequests / (steadyMs / MIN) : null;
  if (!stopped && steadyPerMin !== null && steadyPerMin > STEADY_MAX_PER_MIN) {
    violate(
      'steady-rate',
      `${steadyPerMin.toFixed(2)} requests/min over ${Math.round(steadyMs / MIN)} min of steady use`,
    );
  }
  return {
    seed,
    violations,
    trace,
    stats: { requests, viewerHours, steadyPerMin, workerStarts: worker.starts },
  };
}

function settingsDefaults() {
  return {
    enabled: true,
    pages: { tokens: true, ingestion: true },
    apiBase: API,
    appOrigins: [APP, 'http://127.0.0.1:3000'],
    routes: { tokens: '/dashboard/tokens', ingestion: '/dashboard/ingestion' },
    pollSeconds: 30,
    badge: true,
    badgeRefresh: false,
    budget: null,
    budgetWarnPercent: 80,
  };
}
