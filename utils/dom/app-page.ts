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

/** With no app-bar height remembered for a page, the bar stays hidden this long at most. */
export const PLACE_WAIT_MS = 1000;

/**
 * With a height remembered, the bar waits there this long for the app's bar (which the page
 * mounts once it has fetched what it shows) before going down.
 */
export const EXPECTED_WAIT_MS = 3000;

export interface DockOptions {
  /**
   * The app bar's height seen last time on this page (0: it had none). The bar starts there, so
   * it does not move when the app's bar mounts under it. Unknown (`null`): the bar stays hidden
   * until the app's bar is measured, or PLACE_WAIT_MS passed without one.
   */
  expected?: number | null;
  /** Called with the app bar's height (0: none) when it differs from the last one reported. */
  onAppBarHeight?: (height: number) => void;
}

/** While set on the host, the bar is hidden: it does not know yet where it belongs. */
export const DOCKING_ATTRIBUTE = 'data-docking';

/**
 * Keeps the bar docked: directly above the app's own bar when it is there (following its
 * mounts, unmounts and height changes), at the bottom otherwise; and keeps the end of the app's
 * scrolling content reachable by adding the bar's height to its bottom padding.
 *
 * It never forces a layout in the page's frame: heights come from a ResizeObserver, the scroll
 * container's own padding is read once, and styles are written only when they change. A brief
 * unmount of the app's bar (its list refetching) does not move the bar at all, and the app's bar
 * mounting after ours does not move it either when its height is remembered (`options`).
 */
export function dockBar(
  host: HTMLElement,
  doc: Document,
  barHeight: () => number,
  options: DockOptions = {},
): () => void {
  const expected = options.expected ?? null;
  let appBar: HTMLElement | null = null;
  let appBarHeight = 0;
  let offset = 0;
  let reported = expected;
  let padded: { element: HTMLElement; inline: string; base: number; written: string } | null = null;
  let frame = 0;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const win = doc.defaultView ?? window;
  const startedAt = Date.now();
  /** Whether the bar knows where it belongs (and is shown). */
  let placed = expected !== null;
  let placeTimer: ReturnType<typeof setTimeout> | undefined;

  const report = (height: number) => {
    if (height === reported) return;
    reported = height;
    options.onAppBarHeight?.(height);
  };
  const place = () => {
    if (placed) return;
    clearTimeout(placeTimer);
    placeTimer = undefined;
    placed = true;
    host.removeAttribute(DOCKING_ATTRIBUTE);
  };

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
      if (appBarHeight > 0) {
        setOffset(appBarHeight);
        place();
        report(appBarHeight);
      }
    } else if (placed && offset > 0 && graceTimer === undefined) {
      // Right after mounting, the page may still be fetching what its bar shows: wait longer.
      const wait = Math.max(UNMOUNT_GRACE_MS, startedAt + EXPECTED_WAIT_MS - Date.now());
      graceTimer = setTimeout(() => {
        graceTimer = undefined;
        if (!findAppStatusBar(doc)) {
          setOffset(0);
          report(0);
        }
        schedule();
      }, wait);
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
  if (expected !== null) setOffset(expected);
  else {
    host.setAttribute(DOCKING_ATTRIBUTE, '');
    placeTimer = setTimeout(() => {
      place();
      if (!findAppStatusBar(doc)) report(0);
      schedule();
    }, PLACE_WAIT_MS);
  }
  apply();

  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(graceTimer);
    clearTimeout(placeTimer);
    host.removeAttribute(DOCKING_ATTRIBUTE);
    mutations.disconnect();
    theme.disconnect();
    resize.disconnect();
    if (padded) padded.element.style.paddingBottom = padded.inline;
  };
}
