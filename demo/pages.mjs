// The Meridinate frontend stand-in (Next.js on :3000): one HTML shell plus one plain JS file that
// renders the pages client-side (history.pushState navigation, like the App Router).

import { readFileSync } from 'node:fs';

const publicDir = new URL('./public/', import.meta.url);

/** @param {string} name */
const readPublic = (name) => readFileSync(new URL(name, publicDir));

const STATIC = {
  '/_demo/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/_demo/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** @param {string} s */
const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * @param {{ apiUrl: string, mode: string }} o
 */
function shell(o) {
  const wsUrl = `${o.apiUrl.replace(/^http/, 'ws')}/ws`;
  return `<!DOCTYPE html>
<html lang="en" class="light" style="color-scheme: light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="demo-api-url" content="${attr(o.apiUrl)}">
<meta name="demo-ws-url" content="${attr(wsUrl)}">
<meta name="demo-mode" content="${attr(o.mode)}">
<title>Meridinate</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_demo/app.css">
<script defer src="/_demo/app.js"></script>
</head>
<body class="font-sans antialiased overflow-hidden">
<div class="shell" data-slot="sidebar-wrapper">
  <aside class="sidebar" data-slot="sidebar">
    <div class="sidebar-brand">Meridinate <span class="badge" id="mode-badge"></span></div>
    <nav class="sidebar-nav" aria-label="Main">
      <a data-nav href="/dashboard/tokens">Tokens</a>
      <a data-nav href="/dashboard/ingestion">Ingestion</a>
      <a data-nav href="/dashboard/trash">Trash</a>
      <a data-nav href="/dashboard/tokens/8" id="token-detail-link">Token detail</a>
    </nav>
    <div class="sidebar-footer">Demo stand-in</div>
  </aside>
  <main data-slot="sidebar-inset" class="inset">
    <header class="app-header">
      <span class="app-header-title" id="page-title">Dashboard</span>
      <span class="app-header-spacer"></span>
      <button type="button" id="open-dialog" class="btn">Open dialog</button>
      <button type="button" id="theme-toggle" class="btn" aria-label="Toggle theme">Toggle theme</button>
    </header>
    <div id="page" class="page-root"></div>
  </main>
</div>
</body>
</html>
`;
}

const NEXT_404 = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>404: This page could not be found.</title>
</head><body style="font-family:system-ui,sans-serif;display:flex;height:100vh;align-items:center;justify-content:center">
<div><h1 style="display:inline-block;margin:0 20px 0 0;padding-right:23px;border-right:1px solid rgba(0,0,0,.3)">404</h1>
<h2 style="display:inline-block;font-size:14px;font-weight:400">This page could not be found.</h2></div></body></html>`;

/**
 * @param {{ store: import('./data.mjs').DemoStore, apiUrl: () => string, headPages?: boolean, log: (msg: string) => void }} o
 *   `headPages`: in HEAD mode, also move the pages as HEAD did (off by default, so the two target
 *   pages stay available in both modes).
 * @returns {import('node:http').RequestListener}
 */
export function createPagesHandler(o) {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    /** @param {number} status @param {string | Buffer} body @param {string} type @param {Record<string, string>} [h] */
    const send = (status, body, type, h = {}) => {
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(status, {
        'content-type': type,
        'content-length': buf.length,
        'cache-control': 'no-store',
        'x-powered-by': 'Next.js',
        ...h,
      });
      res.end(req.method === 'HEAD' ? undefined : buf);
    };
    /** @param {number} status @param {string} location */
    const redirect = (status, location) => {
      res.writeHead(status, { location, 'content-length': 0 });
      res.end();
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method Not Allowed', 'text/plain');

    const asset = /** @type {Record<string, { file: string, type: string }>} */ (STATIC)[path];
    if (asset) return send(200, readPublic(asset.file), asset.type);
    if (path === '/api/health') {
      return send(
        200,
        JSON.stringify({ status: 'ok', timestamp: new Date().toISOString() }),
        'application/json',
      );
    }
    if (path.length > 1 && path.endsWith('/')) return redirect(308, path.replace(/\/+$/, '') + url.search);
    const head = o.store.mode === 'head' && o.headPages === true;
    if (path === '/' || path === '/dashboard')
      return redirect(307, head ? '/dashboard/wallets' : '/dashboard/tokens');
    // HEAD moved the Tokens page (a server redirect) and dropped the Ingestion page (API.md §7).
    if (head && path === '/dashboard/tokens') return redirect(307, '/dashboard/bot-tracker');
    const html = shell({ apiUrl: o.apiUrl(), mode: o.store.mode });
    const type = 'text/html; charset=utf-8';
    if (
      (!head && (path === '/dashboard/tokens' || path === '/dashboard/ingestion')) ||
      (head && (path === '/dashboard/bot-tracker' || path === '/dashboard/wallets')) ||
      path === '/dashboard/trash' ||
      /^\/dashboard\/tokens\/[^/]+$/.test(path)
    ) {
      return send(200, html, type);
    }
    if (path.startsWith('/dashboard/')) return send(404, html, type);
    send(404, NEXT_404, type);
  };
}
