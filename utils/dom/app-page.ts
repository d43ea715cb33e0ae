/**
 * Everything the bar knows about the host app's DOM, in one place (the app has no ids or data
 * hooks on its own bar, see the contract §8).
 */

/** The app's scroll container; the window itself does not scroll. */
export const SCROLL_CONTAINER = 'main[data-slot="sidebar-inset"]';

/** Finds the app's own fixed bottom status bar, if it is mounted now. */
export function findAppStatusBar(doc: Document): HTMLElement | null {
  for (const element of doc.querySelectorAll<HTMLElement>('div.fixed.bottom-0.border-t')) {
    if (element.textContent?.includes('Tokens Scanned')) return element;
  }
  return null;
}

/** Whether the app shows its dark theme (next-themes puts `dark` on `<html>`). */
export function isDarkTheme(doc: Document): boolean {
  return doc.documentElement.classList.contains('dark');
}

/**
 * Keeps the bar docked: directly above the app's own bar when it is there (following its
 * mounts, unmounts and height changes), at the bottom otherwise; and keeps the end of the app's
 * scrolling content reachable by adding the bar's height to its bottom padding.
 */
export function dockBar(host: HTMLElement, doc: Document, barHeight: () => number): () => void {
  let appBar: HTMLElement | null = null;
  let padded: { element: HTMLElement; inline: string } | null = null;
  let frame = 0;
  const resize = new ResizeObserver(() => schedule());

  const apply = () => {
    frame = 0;
    const found = findAppStatusBar(doc);
    if (found !== appBar) {
      if (appBar) resize.unobserve(appBar);
      appBar = found;
      if (appBar) resize.observe(appBar);
    }
    const offset = appBar?.isConnected ? Math.round(appBar.getBoundingClientRect().height) : 0;
    host.style.bottom = `${offset}px`;
    host.setAttribute('data-theme', isDarkTheme(doc) ? 'dark' : 'light');

    const main = doc.querySelector<HTMLElement>(SCROLL_CONTAINER);
    if (padded && padded.element !== main) {
      padded.element.style.paddingBottom = padded.inline;
      padded = null;
    }
    if (main) {
      if (!padded) {
        padded = { element: main, inline: main.style.paddingBottom };
      }
      main.style.paddingBottom = '';
      const base = Number.parseFloat(getComputedStyle(main).paddingBottom) || 0;
      const needed = Math.max(base, offset) + barHeight();
      main.style.paddingBottom = `${needed}px`;
    }
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(apply);
  };

  const mutations = new MutationObserver(schedule);
  mutations.observe(doc.body, { childList: true, subtree: true });
  const theme = new MutationObserver(schedule);
  theme.observe(doc.documentElement, { attributes: true, attributeFilter: ['class'] });
  resize.observe(host);
  apply();

  return () => {
    cancelAnimationFrame(frame);
    mutations.disconnect();
    theme.disconnect();
    resize.disconnect();
    if (padded) padded.element.style.paddingBottom = padded.inline;
  };
}
