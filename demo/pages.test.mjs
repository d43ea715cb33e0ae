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

describe('app pages in a DOM', () => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  /** @type {Browser} */
  let browser;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old' });
    browser = new Browser({
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
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** @param {string} path */
  async function open(path) {
    const page = browser.newPage();
    await page.goto(`http://localhost:${t.demo.ports.app}${path}`);
    await waitFor(() => page.mainFrame.document.querySelector('#page')?.children.length);
    return page;
  }

  const BAR = 'div.fixed.bottom-0.border-t';

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
