// Helpers for the reliability specs (faults, lifecycle, hostile data): a browser launched for one
// demo with no stray requests, a control client bound to that demo (so several demos can run side
// by side), error collectors for every context, a reader of the extension's storage, and the
// generated reliability table.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR, ROOT } from './harness.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A control client bound to one demo (the harness's `control()` follows the last one started). */
export function demoClient(demo) {
  async function control(path, body, method = body === undefined ? 'GET' : 'POST') {
    const response = await fetch(`${demo.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
  return {
    demo,
    control,
    app: (path) => `${demo.appUrl}${path}`,
    appOrigin: () => new URL(demo.appUrl).origin,
    state: () => control('/state'),
    fault: (target, kind, options = {}) => control('/fault', { target, kind, ...options }),
    clearFaults: () => control('/fault', undefined, 'DELETE'),
    count: async (path) => (await control('/state')).counts[path] ?? 0,
  };
}

/**
 * Launches Chromium with the extension for one demo. Unlike the harness's `launchBrowser`, the
 * settings are written from the service worker before any view exists, so the extension never
 * polls the default API URL (where another process may be listening). `lifecycle` keeps what
 * Playwright turns off by default and the lifecycle spec needs: the back/forward cache,
 * re-loading an extension, and CDP's Extensions domain (to update the extension in place).
 */
export async function launchFor(
  demo,
  { settings = {}, extensionDir = EXTENSION_DIR, lifecycle = false } = {},
) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lcb-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ignoreDefaultArgs: lifecycle ? ['--disable-extensions', '--disable-back-forward-cache'] : [],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(lifecycle ? ['--enable-unsafe-extension-debugging'] : []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const origin = new URL(demo.appUrl);
  const appOrigins = [`http://localhost:${origin.port}`, `http://127.0.0.1:${origin.port}`];
  await worker.evaluate((value) => chrome.storage.sync.set({ settings: value }), {
    apiBase: demo.apiUrl,
    appOrigins,
    ...settings,
  });
  const browser = {
    context,
    extensionId,
    worker,
    errors: watchErrors(context, worker),
    /** An extension page that is not a view (no port, so it does not count as someone looking). */
    storagePage: null,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return browser;
}

/**
 * Collects what went wrong anywhere: uncaught errors in pages (the app's pages and the
 * extension's), errors the content script logs in the page (its console messages come from the
 * extension's URL or carry the fixed prefix), and the service worker's console errors and
 * uncaught errors. The app's own console noise (its WebSocket failing during an outage) is not
 * the extension's and is left out.
 */
export function watchErrors(context, worker) {
  const errors = [];
  const ours = (message) =>
    message.location().url.startsWith('chrome-extension://') || message.text().includes('[live-credits-bar]');
  context.on('weberror', (error) => errors.push(`uncaught in a page: ${error.error()}`));
  const watchPage = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && ours(message)) errors.push(`page console: ${message.text()}`);
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  const watchWorker = (w) => {
    w.on('console', (message) => {
      if (message.type() === 'error') errors.push(`service worker console: ${message.text()}`);
    });
    w.evaluate(() => {
      if (globalThis.__lcbErrors) return;
      globalThis.__lcbErrors = [];
      self.addEventListener('error', (event) => globalThis.__lcbErrors.push(String(event.message)));
      self.addEventListener('unhandledrejection', (event) =>
        globalThis.__lcbErrors.push(`unhandled rejection: ${event.reason}`),
      );
    }).catch(() => {});
  };
  if (worker) watchWorker(worker);
  context.on('serviceworker', watchWorker);
  /** Every error so far, the worker's uncaught ones included (when the worker can be asked). */
  errors.collect = async () => {
    const uncaught = [];
    for (const w of context.serviceWorkers()) {
      const list = await w.evaluate(() => globalThis.__lcbErrors ?? []).catch(() => []);
      uncaught.push(...list.map((e) => `service worker uncaught: ${e}`));
    }
    return [...errors, ...uncaught];
  };
  return errors;
}

/** Reads the extension's local storage from a page that is not a view (the manifest, as a document). */
export async function readExtensionStorage(browser, keys) {
  if (!browser.storagePage || browser.storagePage.isClosed()) {
    browser.storagePage = await browser.context.newPage();
    await browser.storagePage.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  }
  return browser.storagePage.evaluate((k) => chrome.storage.local.get(k), keys);
}

/** Requests the extension made to `endpoint` since `since` (its own hourly budget log). */
export async function requestTimes(browser, endpoint, since = 0) {
  const { requestLog } = await readExtensionStorage(browser, 'requestLog');
  return (requestLog?.[endpoint] ?? []).filter((t) => t >= since);
}

/** The bar's status as a person reads it: the label, and the detail with the times left out. */
export async function barStatus(bar) {
  const [label, detail, dot] = await Promise.all([
    bar.host.locator('.lcb-status-text').textContent(),
    bar.status.getAttribute('title'),
    bar.host.locator('.lcb-status .lcb-dot').getAttribute('class'),
  ]);
  // `busy`: a fetch is running (the dot pulses; the label stays).
  return {
    label: label ?? '',
    detail: normalizeDetail(detail ?? ''),
    busy: /\blcb-dot-busy\b/.test(dot ?? ''),
  };
}

/** The popup's status label. */
export async function popupStatus(popup) {
  return (await popup.locator('.popup-status strong').textContent()) ?? '';
}

/** Drops the parts of a status sentence that change from second to second. */
export function normalizeDetail(detail) {
  return detail
    .replace(/Updated [^.]*\./, 'Updated ….')
    .replace(/Retrying in [^.]*\./, 'Retrying in ….')
    .replace(/checked every \d+ s|Checking every \d+ s/, (m) => m.replace(/\d+/, 'N'))
    .trim();
}

/** Words for the measurements a case records, in the order they are shown. */
const MEASURED_WORDS = [
  ['faultS', (v) => `fault held ${v} s`],
  ['floodS', (v) => `flood ${v} s`],
  ['hints', (v) => `${v} hints sent`],
  ['requests', (v) => `${v} credits requests`],
  ['historyRequests', (v) => `${v} history requests`],
  ['requestsAfter429', (v) => `${v} requests in the minute after the 429`],
  ['staleAfterS', (v) => `figure drawn stale ${v} s after its last fetch`],
  ['detectedS', (v) => `noticed after ${v} s`],
  ['recoveryS', (v) => `live again ${v} s after it cleared`],
  ['gapsMs', (v) => `gaps ${v.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`],
  ['delays', (v) => `backoff ${v.map((d) => (d.ms / 1000).toFixed(1)).join(', ')} s`],
];

/** The measurements of one case in words, numbers rounded to a tenth. */
export function describeMeasured(measured) {
  const round = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(1)) : v);
  const parts = [];
  for (const [key, words] of MEASURED_WORDS) {
    const value = measured[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    parts.push(words(round(value)));
  }
  return parts.join('; ') || '—';
}

/** Keeps a hand-written (or separately generated) section of an existing report across runs. */
function keptSection(file, heading, placeholder) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return placeholder;
  }
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return placeholder;
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', heading.length);
  return (next < 0 ? rest : rest.slice(0, next)).trimEnd().split('\n');
}

/**
 * The reliability table: one row per case, written as Markdown at the end of the fault-matrix
 * run, with the raw measurements beside it in `test-results/` for whoever wants the exact numbers.
 * The last column gives what this run measured. A `## Simulation` section already in the file
 * is kept (it is written from the simulation's results).
 */
export function createReport({ title, preamble, columns }) {
  const rows = [];
  const raw = [];
  return {
    size: () => rows.length,
    /** Adds a row: `cells` by column name; `measured` goes to the raw JSON only. */
    add(order, cells, measured = {}) {
      rows.push({ order, cells, measured });
      raw.push({ order, ...cells, measured });
    },
    write(path, { notes = [] } = {}) {
      const sorted = [...rows]
        .sort((a, b) => a.order - b.order)
        .map((row) => ({ ...row, cells: { ...row.cells, Measured: describeMeasured(row.measured) } }));
      const cell = (text) =>
        String(text ?? '')
          .replaceAll('|', '\\|')
          .replaceAll('\n', ' ');
      const lines = [
        `# ${title}`,
        '',
        ...preamble,
        '',
        `| ${columns.join(' | ')} |`,
        `| ${columns.map(() => '---').join(' | ')} |`,
        ...sorted.map((row) => `| ${columns.map((c) => cell(row.cells[c])).join(' | ')} |`),
        '',
        ...notes,
      ];
      const file = join(ROOT, path);
      lines.push(
        '',
        ...keptSection(file, '## Simulation', [
          '## Simulation',
          '',
          'Written from the deterministic simulation (`npm run sim`): what it covers and its latest result.',
        ]),
      );
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${lines.join('\n').trimEnd()}\n`);
      const rawFile = join(ROOT, 'test-results/reliability.json');
      mkdirSync(dirname(rawFile), { recursive: true });
      writeFileSync(
        rawFile,
        `${JSON.stringify(
          raw.sort((a, b) => a.order - b.order),
          null,
          2,
        )}\n`,
      );
    },
  };
}
