// The app pages rendered by happy-dom against the running demo (real fetch and WebSocket):
// status bar markup, unmount/remount on analysis_complete, SPA navigation, dialog, theme, CORS error.

import { Browser } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './test-utils.mjs';

/**
 * @param {() => unknown} fn
 * @param {number} [ms]
 */
async function waitFor(fn, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`waitFor timed out: ${fn}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function newBrowser() {
  return new Browser({
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableCSSFileLoading: true,
      // happy-dom keeps ETag responses forever without revalidating (browsers revalidate ETag-only
      // responses); bypass its cache so the page sees fresh history like a browser would.
      fetch: {
        interceptor: {
          beforeAsyncRequest: async ({ request }) => {
            request.headers.set('Cache-Control', 'no-cache');
          },
        },
      },
    },
  });
}

/**
 * Opens a page of the demo's app once it has rendered.
 * @param {Browser} browser
 * @param {Awaited<ReturnType<typeof startTestDemo>>} t
 * @param {string} path
 */
async function openPage(browser, t, path) {
  const page = browser.newPage();
  await page.goto(`http://localhost:${t.demo.ports.app}${path}`);
  await waitFor(() => page.mainFrame.document.querySelector('#page')?.children.length);
  return page;
}

const BAR = 'div.fixed.bottom-0.border-t';

describe('app pages in a DOM', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  /** @type {Browser} */
  let browser;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old' });
    browser = newBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** @param {string} path */
  const open = (path) => openPage(browser, t, path);

  it('renders the Tokens page with the OLD status bar and a scrollable main', async () => {
    const page = await open('/dashboard/tokens');
    const doc = page.mainFrame.document;
    const state = await t.ctl('GET', '/state');
    const bar = await waitFor(() => doc.querySelector(BAR));
    await waitFor(() => bar.textContent.includes(`API Credits Used Today:${state.creditsToday}`));
    const hist = (await t.get('/api/tokens/history')).json();
    expect(bar.textContent).toContain(`Tokens Scanned:${hist.total}`);
    expect(bar.className).toBe('bg-card/95 fixed right-0 bottom-0 left-0 z-50 border-t backdrop-blur-sm');
    expect(bar.querySelector('.container.mx-auto.flex.justify-between.px-4.py-2')).not.toBeNull();
    expect(bar.textContent).toContain(`Latest:${hist.tokens[0].token_name}`);
    expect(doc.querySelector('h1')?.textContent).toBe('Analyzed Tokens');
    expect(doc.querySelectorAll('#tokens-table tbody tr')).toHaveLength(hist.total);
    expect(doc.querySelector('#tokens-table img, #tokens-table script, #tokens-table b')).toBeNull();
    expect(doc.querySelector('main[data-slot="sidebar-inset"] #content-end')?.textContent).toBe(
      'End of content',
    );
    expect(/** @type {HTMLElement} */ (doc.querySelector('.tokens-page')).style.paddingBottom).toBe('64px');
    expect(doc.querySelectorAll(BAR)).toHaveLength(1);
    expect(doc.querySelector('div.h-12'), 'no HEAD header status row in OLD mode').toBeNull();
    await page.close();
  });

  it('unmounts the bar while reloading after analysis_complete, then remounts it', async () => {
    const page = await open('/dashboard/tokens');
    const doc = page.mainFrame.document;
    const win = page.mainFrame.window;
    await waitFor(() => doc.querySelector(BAR));
    await waitFor(() => (t.demo.state.api.clients.size ?? 0) > 0);
    const events = /** @type {string[]} */ ([]);
    const observer = new win.MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.removedNodes) if (n.matches?.(BAR)) events.push('removed');
        for (const n of r.addedNodes) if (n.matches?.(BAR)) events.push('added');
      }
    });
    observer.observe(doc.body, { childList: true, subtree: true });
    const { token } = await t.ctl('POST', '/analysis', { name: 'Remount Coin' });
    await waitFor(() => events.includes('added'));
    expect(events.slice(0, 2)).toEqual(['removed', 'added']);
    await waitFor(
      () => doc.querySelector('#tokens-table tbody tr')?.getAttribute('data-token-id') === String(token.id),
    );
    expect(doc.querySelector(BAR)?.textContent).toContain('Latest:Remount Coin');
    observer.disconnect();
    await page.close();
  });

  it('navigates client-side with pushState and handles popstate', async () => {
    const page = await open('/dashboard/tokens');
    const doc = page.mainFrame.document;
    const win = page.mainFrame.window;
    await waitFor(() => doc.querySelector(BAR));
    const before = (await t.ctl('GET', '/state')).counts['/api/ingest/queue/stats'] ?? 0;
    /** @type {HTMLElement} */ (doc.querySelector('a[href="/dashboard/ingestion"]')).click();
    expect(win.location.pathname).toBe('/dashboard/ingestion');
    expect(doc.querySelector('h1')?.textContent).toBe('Token Ingestion Pipeline');
    expect(doc.querySelector(BAR)).toBeNull();
    await waitFor(() => doc.querySelector('#queue-stats dt')?.textContent === 'total');
    // (happy-dom also sends a CORS preflight, counted under the same path)
    expect((await t.ctl('GET', '/state')).counts['/api/ingest/queue/stats']).toBeGreaterThan(before);
    /** @type {HTMLElement} */ (doc.querySelector('#token-detail-link')).click();
    expect(win.location.pathname).toBe('/dashboard/tokens/8');
    await waitFor(() => doc.querySelector('h1')?.textContent === 'Bonk Ultra');
    win.history.back();
    await waitFor(() => win.location.pathname === '/dashboard/ingestion');
    await waitFor(() => doc.querySelector('h1')?.textContent === 'Token Ingestion Pipeline');
    await page.close();
  });

  it('opens a body-level dialog portal and closes it with Escape or the button', async () => {
    const page = await open('/dashboard/trash');
    const doc = page.mainFrame.document;
    const win = page.mainFrame.window;
    /** @type {HTMLElement} */ (doc.querySelector('#open-dialog')).click();
    const dialog = doc.getElementById('demo-dialog');
    expect(dialog?.parentElement).toBe(doc.body);
    expect(dialog?.getAttribute('role')).toBe('dialog');
    doc.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape' }));
    expect(doc.getElementById('demo-dialog')).toBeNull();
    /** @type {HTMLElement} */ (doc.querySelector('#open-dialog')).click();
    /** @type {HTMLElement} */ (doc.querySelector('#close-dialog')).click();
    expect(doc.getElementById('demo-dialog')).toBeNull();
    await page.close();
  });

  it('supports ?theme=dark, the theme toggle and ?appbar=off', async () => {
    const page = await open('/dashboard/tokens?theme=dark&appbar=off');
    const doc = page.mainFrame.document;
    expect(doc.documentElement.classList.contains('dark')).toBe(true);
    /** @type {HTMLElement} */ (doc.querySelector('#theme-toggle')).click();
    expect(doc.documentElement.classList.contains('light')).toBe(true);
    await waitFor(() => doc.querySelectorAll('#tokens-table tbody tr').length > 1);
    expect(doc.querySelector(BAR)).toBeNull();
    await page.close();
  });

  it('shows an error (and keeps working) when the API is unreachable', async () => {
    await t.ctl('POST', '/fault', { target: '/api/tokens/history', kind: '500' });
    try {
      const page = await open('/dashboard/tokens');
      const doc = page.mainFrame.document;
      const err = await waitFor(() => {
        const e = doc.querySelector('#tokens-error');
        return e && !e.hasAttribute('hidden') ? e : null;
      });
      expect(err.textContent).toContain('Failed to load tokens');
      expect(doc.querySelector(BAR)?.textContent).toContain('Tokens Scanned:0');
      /** @type {HTMLElement} */ (doc.querySelector('a[href="/dashboard/trash"]')).click();
      expect(doc.querySelector('h1')?.textContent).toBe('Trash');
      await page.close();
    } finally {
      await t.ctl('DELETE', '/fault');
    }
  });
});

/** Credits as HEAD's header abbreviates them (1753 → "1.8k"). @param {number} n */
const abbreviated = (n) =>
  n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);

/** HEAD's header status row: the `h-12` row right under the header's top row. @param {Document} doc */
const headerRow = (doc) => {
  const row = doc.querySelector('header.app-header')?.nextElementSibling;
  return row?.matches('div.flex.h-12.items-center.px-4') ? row : null;
};

describe('HEAD’s own bars in HEAD mode', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  /** @type {Browser} */
  let browser;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'head' });
    browser = newBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** @param {string} path */
  const open = (path) => openPage(browser, t, path);

  it('shows HEAD’s bottom bar on the Tokens page instead of the OLD one', async () => {
    const page = await open('/dashboard/tokens');
    const doc = page.mainFrame.document;
    const status = (await t.get('/api/stats/status-bar')).json();
    const latest = (await t.get('/api/tokens/latest')).json();
    const today = (await t.get('/api/stats/credits/today')).json();
    const bar = await waitFor(() => doc.querySelector(BAR));
    await waitFor(() => bar.textContent.includes(`Latest:${latest.token_name}`));
    expect(doc.querySelectorAll(BAR)).toHaveLength(1);
    expect(bar.className).toBe('bg-card/95 fixed right-0 bottom-0 left-0 z-50 border-t backdrop-blur-sm');
    expect(bar.firstElementChild?.className).toBe(
      'container mx-auto flex items-center justify-between px-4 py-2',
    );
    expect(bar.textContent).toContain(`Tokens Scanned:${status.polling.total_tokens}`);
    expect(bar.textContent).toContain(`Scanned Today:${status.polling.tokens_scanned_today}`);
    expect(bar.textContent).toContain(`API Credits Today:${today.total_credits.toLocaleString()}`);
    expect(bar.textContent).toContain(`• ${latest.wallets_found} wallets• ${latest.credits_used} credits`);
    expect(bar.textContent).not.toContain('API Credits Used Today');
    // The latest token only at ≥ 1024 px, as in OLD's bar.
    expect(bar.querySelector('[class~="lg:flex"]')?.textContent).toContain('Latest:');
    expect(bar.querySelector('button')?.textContent).toBe('Refresh');
    await waitFor(() => doc.querySelectorAll('#tokens-table tbody tr[data-token-id]').length > 1);
    await page.close();
  });

  it('keeps the bar mounted through a reload; Refresh shows a hostile name as text', async () => {
    const page = await open('/dashboard/tokens');
    const doc = page.mainFrame.document;
    const win = page.mainFrame.window;
    const bar = await waitFor(() => doc.querySelector(BAR));
    await waitFor(() => (t.demo.state.api.clients.size ?? 0) > 0);
    let removed = 0;
    const observer = new win.MutationObserver((records) => {
      for (const r of records) for (const n of r.removedNodes) if (n.matches?.(BAR)) removed++;
    });
    observer.observe(doc.body, { childList: true, subtree: true });
    const name = '<img src=x onerror=alert(1)><b>Head</b>';
    const { token } = await t.ctl('POST', '/analysis', { name });
    await waitFor(
      () => doc.querySelector('#tokens-table tbody tr')?.getAttribute('data-token-id') === String(token.id),
    );
    expect(removed, 'HEAD’s bar is not unmounted while the list reloads').toBe(0);
    expect(doc.querySelector(BAR)).toBe(bar);
    /** @type {HTMLElement} */ (bar.querySelector('button')).click();
    await waitFor(() => bar.textContent.includes(`Latest:${name}`));
    expect(bar.querySelector('img, b, script')).toBeNull();
    observer.disconnect();
    await page.close();
  });

  it('shows the header status row: countdowns, last runs, Helius credits against the budget', async () => {
    const page = await open('/dashboard/tokens');
    const doc = page.mainFrame.document;
    const win = page.mainFrame.window;
    const row = /** @type {Element} */ (await waitFor(() => headerRow(doc)));
    await waitFor(() => row.textContent?.includes('Helius Credits Today'));
    const status = (await t.get('/api/stats/status-bar')).json();
    const text = row.textContent ?? '';
    expect(row.className).toBe('flex h-12 items-center px-4 bg-muted/30 hr-row');
    for (const name of ['Auto-Scan', 'MC Tracker', 'Position Check']) expect(text).toContain(`Next ${name}`);
    expect(text).toContain(
      `${abbreviated(status.credits.used_today)} / ${abbreviated(status.credits.position_daily_budget)} Helius Credits Today`,
    );
    expect(text).toContain('No runs yet'); // no Auto-Scan in the seed
    expect(text).toContain(`✓ Last: `);
    expect(text).toContain(`(${abbreviated(status.credits.by_job.mc_tracker.last_run)} cr)`);
    const run = /** @type {HTMLButtonElement} */ (row.querySelector('button'));
    expect(run.textContent).toBe('Run Now');
    expect(run.disabled).toBe(true);
    const [autoScan, , position] = [...row.querySelectorAll('.font-mono')].map((e) => e.textContent);
    expect(autoScan).toMatch(/^(\d+:\d{2}|now)$/);
    expect(position, 'a job without a scheduled run').toBe('—');
    const clock = /** @type {Element} */ (row.querySelector('.font-mono'));
    const first = clock.textContent;
    await waitFor(() => clock.textContent !== first, 3000);

    // A failed run shows ✗ once the row refetches (here on focus, as HEAD does).
    t.demo.state.store.logOperation('auto_scan', 0, 0, { error: 'DexScreener timeout' });
    t.demo.state.store.statusBarCache = null;
    win.dispatchEvent(new win.Event('focus'));
    const failed = await waitFor(() => [...row.querySelectorAll('.text-red-400')][0]);
    expect(failed.textContent).toMatch(/^✗ Last: .+ \(0 cr\)$/);
    expect(doc.querySelector('header.app-header + div.h-12')).toBe(row);
    await page.close();
  });

  it('keeps the header row on every page, the bottom bar only on the Tokens page', async () => {
    for (const path of ['/dashboard/ingestion', '/dashboard/trash', '/dashboard/tokens/8']) {
      const page = await open(path);
      const doc = page.mainFrame.document;
      const row = /** @type {Element} */ (await waitFor(() => headerRow(doc)));
      await waitFor(() => row.textContent?.includes('Helius Credits Today'));
      expect(doc.querySelector(BAR), path).toBeNull();
      await page.close();
    }
    const page = await open('/dashboard/tokens?appbar=off');
    const doc = page.mainFrame.document;
    await waitFor(() => doc.querySelectorAll('#tokens-table tbody tr[data-token-id]').length > 1);
    expect(doc.querySelector(BAR)).toBeNull();
    expect(headerRow(doc)).not.toBeNull();
    await page.close();
  });
});

describe('pages in HEAD mode with --head-pages', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let h;
  beforeAll(async () => {
    h = await startTestDemo({ mode: 'head', headPages: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['/dashboard/tokens', 307, '/dashboard/bot-tracker'],
    ['/dashboard', 307, '/dashboard/wallets'],
    ['/dashboard/ingestion', 404, null],
    ['/dashboard/bot-tracker', 200, null],
    ['/dashboard/tokens/8', 200, null],
  ])('%s answers %i', async (path, status, location) => {
    const response = await fetch(`${h.app}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(status);
    expect(response.headers.get('location')).toBe(location);
  });

  it('shows HEAD’s bottom bar and header row on the bot tracker and wallets pages', async () => {
    const browser = newBrowser();
    try {
      for (const path of ['/dashboard/bot-tracker', '/dashboard/wallets']) {
        const page = await openPage(browser, h, path);
        const doc = page.mainFrame.document;
        const bar = await waitFor(() => doc.querySelector(BAR));
        await waitFor(() => bar.textContent.includes('Scanned Today:'));
        expect(doc.querySelectorAll(BAR), path).toHaveLength(1);
        expect(bar.textContent).toContain('Tokens Scanned:');
        expect(headerRow(doc), path).not.toBeNull();
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

describe('pages in HEAD mode without --head-pages', () => {
  it('keep both target pages', async () => {
    const h = await startTestDemo({ mode: 'head' });
    try {
      for (const path of ['/dashboard/tokens', '/dashboard/ingestion']) {
        expect((await fetch(`${h.app}${path}`, { redirect: 'manual' })).status).toBe(200);
      }
    } finally {
      await h.close();
    }
  });
});
