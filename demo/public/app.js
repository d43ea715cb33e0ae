// Meridinate demo frontend: client-side routing (pushState/popstate), Tokens page with the OLD
// bottom status bar, Ingestion/Trash/detail pages, a Radix-like dialog portal, theme toggle and the
// app's own WebSocket; in HEAD mode HEAD's own bottom bar and header status row instead of the OLD
// bar. All untrusted text goes through textContent.
(() => {
  const meta = (/** @type {string} */ name) =>
    document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  const API = meta('demo-api-url') || 'http://localhost:5003';
  const WS_URL = meta('demo-ws-url') || 'ws://localhost:5003/ws';
  const params = new URLSearchParams(location.search);
  const APPBAR = params.get('appbar') !== 'off';
  // The mode when the shell was served; a later POST /mode shows on the next full load.
  const HEAD = meta('demo-mode') === 'head';

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

  // ---------------------------------------------------------------- HEAD's own bars (API.md §8, §9)

  /** Credits the way HEAD's header abbreviates them: 950, 1.8k, 2.4M. @param {number} n */
  function abbreviate(n) {
    if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
    if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
    return String(n);
  }

  /** A scheduler timer as HEAD's header shows it: PAUSED, running, m:ss, now or —. @param {any} timer */
  function countdown(timer) {
    if (!timer) return '—';
    if (timer.paused) return 'PAUSED';
    if (timer.is_running) return 'running';
    const at = timer.next_run_at ? Date.parse(timer.next_run_at) : Number.NaN;
    if (Number.isNaN(at)) return '—';
    const s = Math.max(0, Math.floor((at - Date.now()) / 1000));
    if (s === 0) return 'now';
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  /** "✓ Last: 12:34 PM (12 cr)", ✗ when the run failed, or "No runs yet". @param {any} job */
  function lastRun(job) {
    if (!job?.last_run_at) return { text: 'No runs yet', failed: false };
    const at = new Date(job.last_run_at);
    const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const when =
      at.toDateString() === new Date().toDateString()
        ? time
        : `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
    const failed = Boolean(job.last_run_context?.error);
    return { text: `${failed ? '✗' : '✓'} Last: ${when} (${abbreviate(job.last_run ?? 0)} cr)`, failed };
  }

  /**
   * Refreshes like HEAD's bars: every 30 s while the tab is visible, and (debounced 300 ms) when it
   * becomes visible or gains focus again.
   * @param {() => void} load
   * @returns {() => void} stop
   */
  function refreshLikeHead(load) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let debounce;
    const soon = () => {
      if (document.visibilityState !== 'visible') return;
      clearTimeout(debounce);
      debounce = setTimeout(load, 300);
    };
    const timer = setInterval(() => {
      if (!document.hidden) load();
    }, 30000);
    document.addEventListener('visibilitychange', soon);
    window.addEventListener('focus', soon);
    return () => {
      clearInterval(timer);
      clearTimeout(debounce);
      document.removeEventListener('visibilitychange', soon);
      window.removeEventListener('focus', soon);
    };
  }

  /**
   * HEAD's bottom bar: the same root and row classes as the OLD bar, 45 px tall (its 28 px Refresh
   * button) or 48 px at ≥ 1024 px with a latest token. It stays mounted and fetches its own data,
   * four requests in one Promise.all, so one failure drops the whole update (the figures stay).
   */
  function createHeadStatusBar() {
    const value = () => el('span', { class: 'text-sm font-bold' }, ['0']);
    const scanned = value();
    const today = value();
    const credits = value();
    const item = (/** @type {string} */ label, /** @type {Node} */ v, extra = '') =>
      el('div', { class: `flex items-center gap-2 sb-item${extra}` }, [
        el('span', { class: 'text-muted-foreground text-xs font-medium' }, [label]),
        v,
      ]);
    const latest = el('div', { class: 'flex flex-col min-w-0 hb-latest-value' }, [
      el('span', { class: 'text-sm font-medium' }, ['-']),
    ]);
    const refresh = el(
      'button',
      { type: 'button', class: 'inline-flex items-center h-7 rounded-md px-2 text-xs hb-refresh' },
      ['Refresh'],
    );
    const root = el(
      'div',
      { class: 'bg-card/95 fixed right-0 bottom-0 left-0 z-50 border-t backdrop-blur-sm' },
      [
        el('div', { class: 'container mx-auto flex items-center justify-between px-4 py-2' }, [
          el('div', { class: 'flex items-center gap-4 min-w-0' }, [
            item('Tokens Scanned:', scanned),
            item('Scanned Today:', today),
            // HEAD's is a popover trigger ("Recent Operations"); the demo shows the figure only.
            item('API Credits Today:', credits, ' rounded-md px-2 py-1 hb-credits'),
            el('div', { class: 'hidden items-center gap-2 lg:flex min-w-0 hb-latest' }, [
              el('span', { class: 'text-muted-foreground text-xs font-medium' }, ['Latest:']),
              latest,
            ]),
          ]),
          el('div', { class: 'flex items-center gap-2' }, [refresh]),
        ]),
      ],
    );

    /** @param {any} t the /api/tokens/latest body */
    function showLatest(t) {
      if (!t || t.analysis_timestamp == null) {
        latest.replaceChildren(el('span', { class: 'text-sm font-medium' }, ['-']));
        return;
      }
      const name = String(t.token_name ?? 'Unknown');
      const when = parseUtc(t.analysis_timestamp);
      latest.replaceChildren(
        el('span', { class: 'text-xs font-semibold truncate hb-latest-name', title: name }, [name]),
        el('div', { class: 'text-muted-foreground flex gap-2 text-[10px] truncate hb-latest-line2' }, [
          el('span', {}, [when ? when.toLocaleString() : '']),
          el('span', {}, [`• ${t.wallets_found ?? 0} wallets`]),
          el('span', {}, [`• ${t.credits_used ?? 0} credits`]),
        ]),
      );
    }

    let alive = true;
    async function load() {
      try {
        // The operation log feeds HEAD's popover, which the demo leaves out; it is fetched anyway so
        // the API sees HEAD's requests.
        const [day, , last, status] = await Promise.all([
          getJson('/api/stats/credits/today'),
          getJson('/api/stats/credits/operation-log?limit=30'),
          getJson('/api/tokens/latest'),
          getJson('/api/stats/status-bar'),
        ]);
        if (!alive) return;
        scanned.textContent = String(status?.polling?.total_tokens ?? 0);
        today.textContent = String(status?.polling?.tokens_scanned_today ?? 0);
        credits.textContent = Number(day?.total_credits ?? 0).toLocaleString();
        showLatest(last);
      } catch {}
    }
    refresh.addEventListener('click', load);
    load();
    const stop = refreshLikeHead(load);
    return {
      el: root,
      destroy() {
        alive = false;
        stop();
        root.remove();
      },
    };
  }

  /**
   * HEAD's header status row (`h-12`, under the header's top row): a countdown to each scheduled
   * job with its last run, and the Helius credits against the daily budget. Part of the shell, so
   * it stays across client-side navigations.
   */
  function createHeaderStatusRow() {
    const JOBS = [
      { timer: 'ingest_tier0', job: 'auto_scan', dot: 'bg-blue-500', runNow: true },
      { timer: 'ingest_hot_refresh', job: 'mc_tracker', dot: 'bg-green-500', runNow: false },
      { timer: 'swab_position_check', job: 'position_check', dot: 'bg-amber-500', runNow: false },
    ];
    const budget = el('span', { class: 'text-muted-foreground' }, ['']);
    const parts = JOBS.map((j) => {
      const label = el('span', { class: 'text-muted-foreground' }, ['']);
      const clock = el('span', { class: 'font-mono font-medium' }, ['—']);
      const cost = el('span', { class: 'text-muted-foreground/60' }, ['']);
      const last = el('span', { class: 'text-[10px] text-muted-foreground/60' }, ['']);
      const line = el('div', { class: 'flex items-center gap-1.5' }, [
        el('span', { class: `h-2 w-2 rounded-full ${j.dot}` }),
        label,
        clock,
        // HEAD's starts a scan on the server; the demo's API has no such route.
        j.runNow
          ? el('button', { type: 'button', class: 'hr-run text-[10px] font-medium', disabled: '' }, [
              'Run Now',
            ])
          : null,
        cost,
      ]);
      return {
        ...j,
        label,
        clock,
        cost,
        last,
        el: el('div', { class: 'flex flex-col' }, [line, el('div', { class: 'ml-3.5' }, [last])]),
      };
    });
    const separator = () => el('span', { class: 'text-muted-foreground/40' }, ['|']);
    const content = el('div', { class: 'flex items-center gap-3 text-xs' }, [
      ...parts.flatMap((p, i) => (i === 0 ? [p.el] : [separator(), p.el])),
      separator(),
      budget,
    ]);
    // The row is there from the start; HEAD renders its content once the first answer is in.
    const root = el('div', { class: 'flex h-12 items-center px-4 bg-muted/30 hr-row' });

    /** @type {any} */
    let data = null;
    /** Writes only what changed: the countdowns tick every second. @param {Element} node @param {string} text */
    const put = (node, text) => {
      if (node.textContent !== text) node.textContent = text;
    };
    function tick() {
      if (!data || document.hidden) return;
      for (const p of parts) put(p.clock, countdown(data.timers?.[p.timer]));
    }
    function show() {
      if (!data) return;
      if (!content.isConnected) root.append(content);
      for (const p of parts) {
        const job = data.credits?.by_job?.[p.job];
        put(p.label, `Next ${String(data.timers?.[p.timer]?.name ?? p.job)}`);
        put(p.cost, `(${abbreviate(job?.last_run ?? 0)} cr)`);
        const { text, failed } = lastRun(job);
        put(p.last, text);
        p.last.classList.toggle('text-red-400', failed);
        p.last.classList.toggle('text-muted-foreground/60', !failed);
      }
      const used = abbreviate(data.credits?.used_today ?? 0);
      put(budget, `${used} / ${abbreviate(data.credits?.position_daily_budget ?? 0)} Helius Credits Today`);
      tick();
    }
    async function load() {
      try {
        data = await getJson('/api/stats/status-bar');
        show();
      } catch {}
    }
    load();
    refreshLikeHead(load);
    setInterval(tick, 1000);
    return root;
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
      // HEAD's own bar replaces this one in HEAD mode (render() mounts it).
      if (HEAD || !APPBAR || !alive || bar) return;
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

  /**
   * Where HEAD mode shows HEAD's bottom bar: the two of HEAD's pages with it that the demo serves,
   * and the Tokens page, which stands in for them while the pages are not moved (README).
   */
  const HEAD_BAR_PAGES = new Set(['/dashboard/tokens', '/dashboard/bot-tracker', '/dashboard/wallets']);

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
    if (HEAD && APPBAR && HEAD_BAR_PAGES.has(path)) {
      const bar = createHeadStatusBar();
      container.append(bar.el);
      const page = cleanup;
      cleanup = () => {
        page();
        bar.destroy();
      };
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
    if (HEAD) document.querySelector('header.app-header')?.after(createHeaderStatusRow());
    render();
    connectWs();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
