// The per-tab alternative the extension is compared with: the app's own later bottom bar (HEAD,
// API.md §9), re-created as a page script. Every tab that shows it fetches the four endpoints with
// Promise.all every 30 s (skipping ticks while the tab is hidden) and again on focus or when the
// tab becomes visible (debounced 300 ms). The header's second `status-bar` poll is left out, which
// favours the baseline. Times are divided by `factor` (the same time compression as the extension).

export const BASELINE_ENDPOINTS = [
  '/api/stats/credits/today',
  '/api/stats/credits/operation-log?limit=30',
  '/api/tokens/latest',
  '/api/stats/status-bar',
];

/** An init script (main world) for pages whose path starts with `pathPrefix`. */
export function baselineScript({ api, factor, pathPrefix = '/dashboard/tokens' }) {
  const config = JSON.stringify({
    api,
    endpoints: BASELINE_ENDPOINTS,
    intervalMs: 30_000 / factor,
    debounceMs: 300 / factor,
    pathPrefix,
  });
  return `(() => {
  const c = ${config};
  if (!location.pathname.startsWith(c.pathPrefix) || window.__lcbBaseline) return;
  const state = (window.__lcbBaseline = { refreshes: 0, failures: 0 });
  const refresh = () => {
    state.refreshes += 1;
    Promise.all(c.endpoints.map((p) => fetch(c.api + p, { credentials: 'include' }).then((r) => r.json()))).catch(
      () => { state.failures += 1; },
    );
  };
  let debounce;
  const onFocus = () => {
    clearTimeout(debounce);
    debounce = setTimeout(refresh, c.debounceMs);
  };
  refresh();
  setInterval(() => {
    if (document.visibilityState !== 'hidden') refresh();
  }, c.intervalMs);
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') onFocus();
  });
})();`;
}
