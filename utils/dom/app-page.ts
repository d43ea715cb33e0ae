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

/** The app unmounts its bar for a moment on every refetch; wait this long before following. */
export const UNMOUNT_GRACE_MS = 1000;

/**
 * Keeps the bar docked: directly above the app's own bar when it is there (following its
 * mounts, unmounts and height changes), at the bottom otherwise; and keeps the end of the app's
 * scrolling content reachable by adding the bar's height to its bottom padding.
 *
 * It never forces a layout in the page's frame: heights come from a ResizeObserver, the scroll
 * container's own padding is read once, and styles are written only when they change. A brief
 * unmount of the app's bar (its list refetching) does not move the bar at all.
 */
export function dockBar(host: HTMLElement, doc: Document, barHeight: () => number): () => void {
  let appBar: HTMLElement | null = null;
  let appBarHeight = 0;
  let offset = 0;
  let padded: { element: HTMLElement; inline: string; base: number; written: string } | null = null;
  let frame = 0;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const win = doc.defaultView ?? window;

  const resize = new ResizeObserver((entries) => {
    for (const entry of entries) {
      if (entry.target === appBar) {
        appBarHeight = Math.round(entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height);
      }
    }
    schedule();
  });

  const setOffset = (value: number) => {
    offset = value;
    const bottom = `${value}px`;
    if (host.style.bottom !== bottom) host.style.bottom = bottom;
  };

  const apply = () => {
    frame = 0;
    const found = findAppStatusBar(doc);
    if (found !== appBar) {
      if (appBar) resize.unobserve(appBar);
      appBar = found;
      appBarHeight = 0;
      if (appBar) resize.observe(appBar);
    }
    if (appBar) {
      clearTimeout(graceTimer);
      graceTimer = undefined;
      // The height comes from the observer; until it has spoken, stay where we are.
      if (appBarHeight > 0) setOffset(appBarHeight);
    } else if (offset > 0 && graceTimer === undefined) {
      graceTimer = setTimeout(() => {
        graceTimer = undefined;
        if (!findAppStatusBar(doc)) setOffset(0);
        schedule();
      }, UNMOUNT_GRACE_MS);
    }
    const theme = isDarkTheme(doc) ? 'dark' : 'light';
    if (host.getAttribute('data-theme') !== theme) host.setAttribute('data-theme', theme);

    const main = doc.querySelector<HTMLElement>(SCROLL_CONTAINER);
    if (padded && padded.element !== main) {
      padded.element.style.paddingBottom = padded.inline;
      padded = null;
    }
    if (main) {
      if (!padded) {
        // Read the app's own padding once, before adding to it.
        const base = Number.parseFloat(win.getComputedStyle(main).paddingBottom) || 0;
        padded = { element: main, inline: main.style.paddingBottom, base, written: '' };
      }
      const needed = `${Math.max(padded.base, offset) + barHeight()}px`;
      if (padded.written !== needed) {
        main.style.paddingBottom = needed;
        padded.written = needed;
      }
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
    clearTimeout(graceTimer);
    mutations.disconnect();
    theme.disconnect();
    resize.disconnect();
    if (padded) padded.element.style.paddingBottom = padded.inline;
  };
}
