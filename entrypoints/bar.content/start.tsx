/**
 * The bar's lifetime in a page: mount it on target routes, remove it elsewhere, follow client-side
 * navigation, settings and the snapshot, and clean up everything when the extension is reloaded.
 */
import { batch, effect, signal } from '@preact/signals-core';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { Bar } from '../../components/bar/Bar';
import css from '../../components/bar/bar.css?inline';
import { dockBar } from '../../utils/dom/app-page';
import { installMessages } from '../../utils/ext/i18n';
import { type DockHeights, withDockHeight } from '../../utils/ext/protocol';
import {
  collapsedStorage,
  dockHeightsStorage,
  barSettingsStorage as settingsStorage,
  snapshotStorage,
} from '../../utils/ext/storage';
import { connectViewer, type ViewerConnection } from '../../utils/ext/viewer';
import { shouldShowBar } from '../../utils/routes';
import { DEFAULT_SETTINGS, type PageKind, type Settings } from '../../utils/settings';
import { createEmptySnapshot, type Snapshot } from '../../utils/snapshot/types';

const HOST_TAG = 'meridinate-live-credits-bar';
const LOG_PREFIX = '[live-credits-bar]';
const BAR_HEIGHT = 32;

export function startBar(ctx: ContentScriptContext): void {
  installMessages();
  const snapshot = signal<Snapshot>(createEmptySnapshot());
  const settings = signal<Settings>(DEFAULT_SETTINGS);
  const collapsed = signal(false);
  const now = signal(Date.now());
  let mounted: { host: HTMLElement; undock: () => void; page: PageKind; stopRendering?: () => void } | null =
    null;
  let viewer: ViewerConnection | null = null;
  let settingsLoaded = false;
  let dockHeights: DockHeights = {};

  /**
   * Remembers where the app's bar was on this page, so the next visit starts docked there. The
   * background stores it: a port message cannot outlive the page the way a storage promise can.
   */
  const rememberDock = (page: PageKind, key: string, height: number) => {
    dockHeights = withDockHeight(dockHeights, key, height);
    viewer?.dock(page, height);
  };

  const isVisible = () => document.visibilityState === 'visible';

  const onCollapsedChange = (value: boolean) => {
    collapsed.value = value;
    if (mounted) mounted.host.toggleAttribute('data-collapsed', value);
    collapsedStorage.set(value).catch(() => {});
  };

  /** Renders the bar from the signals; called inside an effect, so any change re-renders it. */
  function BarApp({ page }: { page: PageKind }) {
    return (
      <Bar
        snapshot={snapshot.value}
        now={now.value}
        pollMs={settings.value.pollSeconds * 1000}
        page={page}
        collapsed={collapsed.value}
        onRefresh={() => viewer?.refresh()}
        onCollapsedChange={onCollapsedChange}
      />
    );
  }

  const unmount = () => {
    if (!mounted) return;
    mounted.stopRendering?.();
    const root = mounted.host.shadowRoot?.querySelector('div.lcb-root');
    if (root) render(null, root);
    mounted.undock();
    mounted.host.remove();
    mounted = null;
    viewer?.close();
    viewer = null;
  };

  const mount = (page: PageKind) => {
    if (mounted?.page === page && mounted.host.isConnected) return;
    unmount();
    // A bar left by an earlier copy of this script (extension updated with the tab open) goes.
    for (const stale of document.querySelectorAll(HOST_TAG)) stale.remove();
    const host = document.createElement(HOST_TAG);
    host.style.setProperty('--lcb-font', getComputedStyle(document.body).fontFamily);
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = css;
    const container = document.createElement('div');
    container.className = 'lcb-root';
    root.append(style, container);
    document.body.append(host);
    const dockKey = `${location.origin} ${page}`;
    mounted = {
      host,
      page,
      undock: dockBar(host, document, () => (collapsed.value ? 0 : BAR_HEIGHT), {
        expected: dockHeights[dockKey] ?? null,
        onAppBarHeight: (height) => rememberDock(page, dockKey, height),
      }),
    };
    host.toggleAttribute('data-collapsed', collapsed.value);
    viewer = connectViewer('bar', isVisible(), () => ctx.isValid);
    const stopRendering = effect(() => render(<BarApp page={page} />, container));
    mounted.stopRendering = stopRendering;
  };

  /** `href`: the URL being navigated to (the Navigation API reports it before `location` changes). */
  const update = (href = location.href) => {
    if (!ctx.isValid || !settingsLoaded) return;
    try {
      const page = shouldShowBar(href, settings.value);
      if (page) mount(page);
      else unmount();
    } catch (error) {
      console.error(LOG_PREFIX, error);
    }
  };

  const unwatch = [
    snapshotStorage.watch((value) => {
      // The status compares the snapshot with the clock ("Retrying in 8 s"): move both together.
      batch(() => {
        snapshot.value = value;
        now.value = Date.now();
      });
    }),
    settingsStorage.watch((value) => {
      settings.value = value;
      update();
    }),
    collapsedStorage.watch((value) => {
      collapsed.value = value;
      mounted?.host.toggleAttribute('data-collapsed', value);
    }),
  ];

  Promise.all([
    snapshotStorage.get(),
    settingsStorage.get(),
    collapsedStorage.get(),
    dockHeightsStorage.get(),
  ])
    .then(([storedSnapshot, storedSettings, storedCollapsed, storedDock]) => {
      snapshot.value = storedSnapshot;
      settings.value = storedSettings;
      collapsed.value = storedCollapsed;
      dockHeights = storedDock;
      settingsLoaded = true;
      update();
    })
    .catch((error: unknown) => console.error(LOG_PREFIX, error));

  // The page can dispatch this event too (its `newUrl` is then not visible here): fall back to
  // the real location rather than throw.
  ctx.addEventListener(window, 'wxt:locationchange', (event) => update(event.newUrl?.href));
  ctx.addEventListener(document, 'visibilitychange', () => viewer?.setVisible(isVisible()));
  ctx.addEventListener(window, 'focus', () => viewer?.setVisible(isVisible()));
  // A page restored from the back/forward cache lost its port: connect again.
  ctx.addEventListener(window, 'pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted) {
      viewer?.close();
      viewer = mounted ? connectViewer('bar', isVisible(), () => ctx.isValid) : null;
    }
  });
  ctx.setInterval(() => {
    now.value = Date.now();
  }, 15_000);
  ctx.onInvalidated(() => {
    for (const stop of unwatch) stop();
    unmount();
  });
}
