// Meridinate demo frontend: client-side routing (pushState/popstate), Tokens page with the OLD
// bottom status bar, Ingestion/Trash/detail pages, a Radix-like dialog portal, theme toggle and the
// app's own WebSocket. All untrusted text goes through textContent.
(() => {
  const meta = (/** @type {string} */ name) =>
    document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  const API = meta('demo-api-url') || 'http://localhost:5003';
  const WS_URL = meta('demo-ws-url') || 'ws://localhost:5003/ws';
  const params = new URLSearchParams(location.search);
  const APPBAR = params.get('appbar') !== 'off';

  /**
   * @param {string} tag
   * @param {Record<string, string>} [attrs]
   * @param {(Node | string | null)[]} [children]
   */
  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const c of children) {
      if (c === null) continue;
      node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  /** Parses naive UTC "YYYY-MM-DD HH:MM:SS" / "YYYY-MM-DDTHH:MM:SS". @param {string | null | undefined} s */
  function parseUtc(s) {
    if (!s) return null;
    const t = Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);
    return Number.isNaN(t) ? null : new Date(t);
  }

  /** @param {string} path */
  async function getJson(path) {
    const r = await fetch(API + path, { credentials: 'include' });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return r.json();
  }

  // ---------------------------------------------------------------- theme (next-themes-like)

  function systemDark() {
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  }

  /** @param {'dark' | 'light'} theme */
  function applyTheme(theme) {
    const root = document.documentElement;
    root.classList.remove('dark', 'light');
    root.classList.add(theme);
    root.style.colorScheme = theme;
  }

  function initialTheme() {
    const p = params.get('theme');
    if (p === 'dark' || p === 'light') return p;
    let stored = null;
    try {
      stored = localStorage.getItem('theme');
    } catch {}
    if (stored === 'dark' || stored === 'light') return stored;
    return systemDark() ? 'dark' : 'light';
  }

  applyTheme(initialTheme());

  // ---------------------------------------------------------------- WebSocket (useAnalysisNotifications)

  /** @type {Set<(msg: any) => void>} */
  const wsListeners = new Set();
  let wsAttempts = 0;
  /** @type {WebSocket | null} */
  let socket = null;

  function connectWs() {
    try {
      socket = new WebSocket(WS_URL);
    } catch {
      scheduleReconnect();
      return;
    }
    socket.addEventListener('open', () => {
      wsAttempts = 0;
    });
    socket.addEventListener('message', (ev) => {
      let msg = null;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (msg && msg.event === 'analysis_complete' && msg.data) {
        toast(`Analysis complete: ${String(msg.data.token_name ?? 'Unknown')}`);
      }
      for (const fn of wsListeners) fn(msg);
    });
    socket.addEventListener('close', () => {
      socket = null;
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (wsAttempts >= 5) return;
    wsAttempts++;
    const delay = Math.min(3000 * wsAttempts, 30000);
    setTimeout(() => {
      if (document.visibilityState === 'visible') connectWs();
      else document.addEventListener('visibilitychange', connectWs, { once: true });
    }, delay);
  }

  // ---------------------------------------------------------------- toasts (Sonner-like)

  /** @param {string} text */
  function toast(text) {
    let list = document.querySelector('ol[data-sonner-toaster]');
    if (!list) {
      list = el('ol', { 'data-sonner-toaster': 'true', class: 'toaster' });
      document.body.append(
        el('section', { 'aria-label': 'Notifications alt+T', 'aria-live': 'polite' }, [list]),
      );
    }
    const item = el('li', { class: 'toast', 'data-sonner-toast': '', title: text }, [text]);
    list.append(item);
    setTimeout(() => item.remove(), 4000);
  }

  // ---------------------------------------------------------------- dialog (Radix-like portal)

  function openDialog() {
    if (document.getElementById('demo-dialog')) return;
    const close = el('button', { type: 'button', id: 'close-dialog', class: 'btn' }, ['Close']);
    const dialog = el(
      'div',
      { role: 'dialog', id: 'demo-dialog', 'aria-modal': 'true', 'data-state': 'open' },
      [
        el('div', { class: 'dialog-panel' }, [
          el('h2', {}, ['Settings']),
          el('p', {}, ['A modal dialog rendered in a body-level portal with a z-index 50 overlay.']),
          close,
        ]),
      ],
    );
    const onKey = (/** @type {KeyboardEvent} */ e) => {
      if (e.key === 'Escape') closeDialog();
    };
    function closeDialog() {
      dialog.remove();
      document.removeEventListener('keydown', onKey);
    }
    close.addEventListener('click', closeDialog);
    document.addEventListener('keydown', onKey);
    document.body.append(dialog);
    close.focus();
  }

  // ---------------------------------------------------------------- pages

  /** Long filler so the scroll container scrolls, ending with #content-end. @param {number} n */
  function filler(n) {
    const items = [];
    for (let i = 1; i <= n; i++) {
      items.push(
        el('p', {}, [
          `Section ${i}. This paragraph only exists to make the page long enough to scroll inside ` +
            'main[data-slot="sidebar-inset"], like the real dashboard with a long token list.',
        ]),
      );
    }
    return el('div', { class: 'filler card' }, items);
  }

  const contentEnd = () => el('div', { id: 'content-end' }, ['End of content']);

  /**
   * The OLD bottom status bar (status-bar.tsx): polls credits/today every 30 s while mounted.
   * @param {{ total: number, latest: any }} info
   */
  function createStatusBar(info) {
    const credits = el('span', { class: 'text-sm font-bold' }, ['0']);
    const item = (/** @type {string} */ label, /** @type {Node} */ value) =>
      el('div', { class: 'flex items-center gap-2 sb-item' }, [
        el('span', { class: 'text-xs font-medium text-muted-foreground' }, [label]),
        value,
      ]);
    const left = el('div', { class: 'flex items-center gap-4' }, [
      item('Tokens Scanned:', el('span', { class: 'text-sm font-bold' }, [String(info.total)])),
      item('API Credits Used Today:', credits),
    ]);
    const children = [left];
    const t = info.latest;
    if (t) {
      const when = parseUtc(t.analysis_timestamp);
      const name = String(t.token_name ?? 'Unknown');
      const used = t.last_analysis_credits ?? t.credits_used ?? 0;
      children.push(
        el('div', { class: 'hidden lg:flex flex-col items-end min-w-0 sb-latest' }, [
          el('div', { class: 'flex items-center gap-2 sb-latest-line1 min-w-0' }, [
            el('span', { class: 'text-xs font-medium text-muted-foreground' }, ['Latest:']),
            el('span', { class: 'text-sm font-bold truncate sb-latest-name', title: name }, [name]),
          ]),
          el('div', { class: 'text-muted-foreground sb-latest-line2 truncate' }, [
            `${when ? when.toLocaleTimeString() : ''} • ${t.wallets_found} wallets • ${used} credits`,
          ]),
        ]),
      );
    }
    const root = el(
      'div',
      { class: 'bg-card/95 fixed right-0 bottom-0 left-0 z-50 border-t backdrop-blur-sm' },
      [el('div', { class: 'container mx-auto flex justify-between px-4 py-2' }, children)],
    );
    let alive = true;
    async function poll() {
      try {
        const data = await getJson('/api/stats/credits/today');
        if (alive && typeof data.total_credits === 'number') credits.textContent = String(data.total_credits);
      } catch {}
    }
    poll();
    const timer = setInterval(poll, 30000);
    return {
      el: root,
      destroy() {
        alive = false;
        clearInterval(timer);
        root.remove();
      },
    };
  }

  /** @param {HTMLElement} container @returns {() => void} cleanup */
  function tokensPage(container) {
    const page = el('div', { class: 'page tokens-page', style: 'padding-bottom: 64px' });
    const error = el('div', { class: 'error-box', id: 'tokens-error', role: 'alert', hidden: '' });
    const tbody = el('tbody');
    const table = el('table', { class: 'tokens', id: 'tokens-table' }, [
      el('colgroup', {}, [
        el('col', { style: 'width: 40%' }),
        el('col', { style: 'width: 14%' }),
        el('col', { style: 'width: 20%' }),
        el('col', { style: 'width: 12%' }),
        el('col', { style: 'width: 14%' }),
      ]),
      el('thead', {}, [
        el('tr', {}, [
          el('th', {}, ['Token']),
          el('th', {}, ['Symbol']),
          el('th', {}, ['Analyzed']),
          el('th', {}, ['Wallets']),
          el('th', {}, ['Credits']),
        ]),
      ]),
      tbody,
    ]);
    page.append(
      el('h1', {}, ['Analyzed Tokens']),
      el('p', { class: 'lead' }, ['Tokens analysed by Meridinate, newest first.']),
      error,
      el('div', { class: 'card' }, [table]),
      filler(12),
      contentEnd(),
    );
    container.append(page);

    /** @type {{ el: HTMLElement, destroy: () => void } | null} */
    let bar = null;
    let alive = true;
    let generation = 0;
    /** @type {{ total: number, latest: any }} */
    let info = { total: 0, latest: null };

    function mountBar() {
      if (!APPBAR || !alive || bar) return;
      bar = createStatusBar(info);
      page.append(bar.el);
    }
    function unmountBar() {
      bar?.destroy();
      bar = null;
    }

    async function load() {
      const gen = ++generation;
      unmountBar();
      tbody.replaceChildren(el('tr', {}, [el('td', { colspan: '5' }, ['Loading…'])]));
      try {
        const data = await getJson('/api/tokens/history');
        if (!alive || gen !== generation) return;
        const tokens = Array.isArray(data.tokens) ? data.tokens : [];
        info = {
          total: typeof data.total === 'number' ? data.total : tokens.length,
          latest: tokens[0] ?? null,
        };
        tbody.replaceChildren(
          ...tokens.map((/** @type {any} */ t) => {
            const name = String(t.token_name ?? 'Unknown');
            const when = parseUtc(t.analysis_timestamp);
            return el('tr', { 'data-token-id': String(t.id) }, [
              el('td', { class: 'name', title: name }, [
                el('a', { href: `/dashboard/tokens/${encodeURIComponent(t.id)}`, 'data-nav': '' }, [name]),
              ]),
              el('td', { title: String(t.token_symbol ?? '') }, [String(t.token_symbol ?? '')]),
              el('td', {}, [when ? when.toLocaleString() : '']),
              el('td', {}, [String(t.wallets_found ?? '')]),
              el('td', {}, [String(t.last_analysis_credits ?? t.credits_used ?? '')]),
            ]);
          }),
        );
        error.hidden = true;
      } catch (e) {
        if (!alive || gen !== generation) return;
        tbody.replaceChildren(el('tr', {}, [el('td', { colspan: '5' }, ['No tokens loaded.'])]));
        error.textContent = `Failed to load tokens from ${API}: ${e instanceof Error ? e.message : e}`;
        error.hidden = false;
      }
      mountBar();
    }

    const onWs = (/** @type {any} */ msg) => {
      if (msg && msg.event === 'analysis_complete') load();
    };
    wsListeners.add(onWs);
    load();
    return () => {
      alive = false;
      wsListeners.delete(onWs);
      unmountBar();
    };
  }

  /** @param {HTMLElement} container */
  function ingestionPage(container) {
    const dl = el('dl', { class: 'stats', id: 'queue-stats' }, [el('dt', {}, ['Loading…'])]);
    const error = el('div', { class: 'error-box', role: 'alert', hidden: '' });
    container.append(
      el('div', { class: 'page ingestion-page' }, [
        el('h1', {}, ['Token Ingestion Pipeline']),
        el('p', { class: 'lead' }, ['Tier-0 ingest, Tier-1 enrichment and hot refresh.']),
        error,
        el('div', { class: 'card' }, [dl]),
        filler(20),
        contentEnd(),
      ]),
    );
    let alive = true;
    getJson('/api/ingest/queue/stats')
      .then((/** @type {Record<string, unknown>} */ data) => {
        if (!alive) return;
        const rows = [];
        for (const [k, v] of Object.entries(data)) {
          rows.push(
            el('dt', {}, [k]),
            el('dd', {}, [typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]),
          );
        }
        dl.replaceChildren(...rows);
      })
      .catch((e) => {
        if (!alive) return;
        dl.replaceChildren();
        error.textContent = `Failed to load queue stats: ${e instanceof Error ? e.message : e}`;
        error.hidden = false;
      });
    return () => {
      alive = false;
    };
  }

  /** @param {HTMLElement} container */
  function trashPage(container) {
    container.append(
      el('div', { class: 'page trash-page' }, [
        el('h1', {}, ['Trash']),
        el('p', { class: 'lead' }, ['Deleted tokens can be restored from here.']),
        el('div', { class: 'card' }, ['No deleted tokens.']),
        filler(20),
        contentEnd(),
      ]),
    );
    return () => {};
  }

  /** @param {HTMLElement} container @param {string} id */
  function tokenDetailPage(container, id) {
    const title = el('h1', {}, ['Token']);
    const dl = el('dl', { class: 'stats', id: 'token-detail' }, [el('dt', {}, ['Loading…'])]);
    const error = el('div', { class: 'error-box', role: 'alert', hidden: '' });
    container.append(
      el('div', { class: 'page token-detail-page' }, [
        title,
        el('p', { class: 'lead' }, [`Token #${id}`]),
        error,
        el('div', { class: 'card' }, [dl]),
        filler(20),
        contentEnd(),
      ]),
    );
    let alive = true;
    getJson(`/api/tokens/${encodeURIComponent(id)}`)
      .then((/** @type {Record<string, unknown>} */ t) => {
        if (!alive) return;
        title.textContent = String(t.token_name ?? 'Unknown');
        const rows = [];
        for (const k of [
          'id',
          'token_symbol',
          'token_address',
          'analysis_timestamp',
          'wallets_found',
          'credits_used',
        ]) {
          rows.push(el('dt', {}, [k]), el('dd', {}, [String(t[k] ?? '')]));
        }
        dl.replaceChildren(...rows);
      })
      .catch((e) => {
        if (!alive) return;
        dl.replaceChildren();
        error.textContent = `Failed to load token: ${e instanceof Error ? e.message : e}`;
        error.hidden = false;
      });
    return () => {
      alive = false;
    };
  }

  /** @param {HTMLElement} container @param {string} title */
  function plainPage(container, title) {
    container.append(el('div', { class: 'page' }, [el('h1', {}, [title]), filler(20), contentEnd()]));
    return () => {};
  }

  /** @param {HTMLElement} container */
  function notFoundPage(container) {
    container.append(
      el('div', { class: 'page not-found-page' }, [
        el('h1', {}, ['404']),
        el('p', { class: 'lead' }, ['This page could not be found.']),
        el('a', { href: '/dashboard/tokens', 'data-nav': '' }, ['Back to tokens']),
        contentEnd(),
      ]),
    );
    return () => {};
  }

  // ---------------------------------------------------------------- router

  /** @type {() => void} */
  let cleanup = () => {};

  function render() {
    cleanup();
    const container = /** @type {HTMLElement} */ (document.getElementById('page'));
    container.replaceChildren();
    const main = document.querySelector('main[data-slot="sidebar-inset"]');
    if (main) main.scrollTop = 0;
    const path = location.pathname.replace(/\/+$/, '') || '/';
    const titleEl = document.getElementById('page-title');
    let title = 'Dashboard';
    const detail = path.match(/^\/dashboard\/tokens\/([^/]+)$/);
    if (path === '/dashboard/tokens') {
      title = 'Tokens';
      cleanup = tokensPage(container);
    } else if (path === '/dashboard/ingestion') {
      title = 'Ingestion';
      cleanup = ingestionPage(container);
    } else if (path === '/dashboard/trash') {
      title = 'Trash';
      cleanup = trashPage(container);
    } else if (path === '/dashboard/bot-tracker' || path === '/dashboard/wallets') {
      // Later app versions' pages (HEAD mode): plain pages, so a user can point the bar at them.
      title = path.endsWith('wallets') ? 'Wallets' : 'Wallet Shadow';
      cleanup = plainPage(container, title);
    } else if (detail) {
      title = 'Token detail';
      cleanup = tokenDetailPage(container, decodeURIComponent(detail[1] ?? ''));
    } else {
      title = 'Not found';
      cleanup = notFoundPage(container);
    }
    if (titleEl) titleEl.textContent = title;
    document.title = `${title} | Meridinate`;
    for (const a of document.querySelectorAll('.sidebar-nav a')) {
      if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  document.addEventListener('click', (e) => {
    const target = /** @type {Element | null} */ (e.target instanceof Element ? e.target : null);
    const a = target?.closest('a[data-nav]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    const url = new URL(/** @type {HTMLAnchorElement} */ (a).href, location.href);
    if (url.origin !== location.origin) return;
    e.preventDefault();
    // Keep the demo's own query flags (?theme=, ?appbar=) across client-side navigations.
    const keep = new URLSearchParams();
    for (const k of ['theme', 'appbar']) {
      const v = params.get(k);
      if (v !== null) keep.set(k, v);
    }
    const search = keep.toString() ? `?${keep}` : '';
    history.pushState({}, '', url.pathname + search);
    render();
  });
  window.addEventListener('popstate', render);

  function start() {
    const badge = document.getElementById('mode-badge');
    if (badge) badge.textContent = meta('demo-mode');
    document.getElementById('theme-toggle')?.addEventListener('click', () => {
      const next = document.documentElement.classList.contains('dark') ? 'light' : 'dark';
      applyTheme(next);
      try {
        localStorage.setItem('theme', next);
      } catch {}
    });
    document.getElementById('open-dialog')?.addEventListener('click', openDialog);
    render();
    connectWs();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
