/**
 * The bar's lifetime in a page, the browser side of the bar model (`components/bar/model.ts`):
 * feeds it from storage and a clock, mounts the bar on target routes and removes it elsewhere,
 * follows client-side navigation, docks above the app's own bar, keeps the viewer port, and cleans
 * up everything when the extension is reloaded.
 *
 * The host is made here rather than with WXT's `createShadowRootUi`: measured with
 * `npm run size -- --build`, mounting through that helper (its isolated element, its CSS splitting,
 * its logger and `wxt/browser`) makes the content script 17,479 B gzip instead of 14,170 B, over
 * the 14,336 B budget. The mount follows the content-script context's lifetime all the same
 * (`ctx.onInvalidated`, `ctx.addEventListener`, `ctx.setInterval`).
 */
import { batch, effect } from '@preact/signals-core';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { Bar } from '../../components/bar/Bar';
import css from '../../components/bar/bar.css?inline';
import { createBarModel } from '../../components/bar/model';
import { dockBar } from '../dom/app-page';
import type { PageKind } from '../settings';
import { installMessages } from './i18n';
import { LOG_PREFIX } from './log';
import { type DockHeights, withDockHeight } from './protocol';
import {
  barFeedStorage,
  collapsedStorage,
  dockHeightsStorage,
  barSettingsStorage as settingsStorage,
} from './storage';
import { connectViewer, type ViewerConnection } from './viewer';

const HOST_TAG = 'meridinate-live-credits-bar';
const BAR_HEIGHT = 32;

/** Runs the bar in this page for the content script's lifetime (`ctx`). */
export function mountBar(ctx: ContentScriptContext): void {
  installMessages();
  const model = createBarModel(location.href, Date.now());
  let mounted: { host: HTMLElement; undock: () => void; page: PageKind; stopRendering: () => void } | null =
    null;
  let viewer: ViewerConnection | null = null;
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
    model.collapsed.value = value;
    collapsedStorage.set(value).catch(() => {});
  };

  const unmount = () => {
    if (!mounted) return;
    mounted.stopRendering();
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
    const undock = dockBar(host, document, () => (model.collapsed.peek() ? 0 : BAR_HEIGHT), {
      expected: dockHeights[dockKey] ?? null,
      onAppBarHeight: (height) => rememberDock(page, dockKey, height),
    });
    viewer = connectViewer('bar', isVisible(), () => ctx.isValid);
    // Any change of the model's view re-renders the bar.
    const stopRendering = effect(() => {
      const view = model.view.value;
      const collapsed = model.collapsed.value;
      host.toggleAttribute('data-collapsed', collapsed);
      if (view) {
        render(
          <Bar
            view={view}
            collapsed={collapsed}
            onRefresh={() => viewer?.refresh()}
            onCollapsedChange={onCollapsedChange}
          />,
          container,
        );
      }
    });
    mounted = { host, page, undock, stopRendering };
  };

  /** Shows the bar where the model says it belongs (again, if the page removed it), else removes it. */
  const place = () => {
    if (!ctx.isValid) return;
    try {
      const page = model.page.peek();
      if (page) mount(page);
      else unmount();
    } catch (error) {
      console.error(LOG_PREFIX, error);
    }
  };

  const unwatch = [
    barFeedStorage.watch((value) => {
      // The status compares the snapshot with the clock ("Retrying in 8 s"): move both together.
      batch(() => {
        model.feed.value = value;
        model.now.value = Date.now();
      });
    }),
    settingsStorage.watch((value) => {
      model.settings.value = value;
      place();
    }),
    collapsedStorage.watch((value) => {
      model.collapsed.value = value;
    }),
  ];

  Promise.all([barFeedStorage.get(), settingsStorage.get(), collapsedStorage.get(), dockHeightsStorage.get()])
    .then(([feed, settings, collapsed, storedDock]) => {
      dockHeights = storedDock;
      batch(() => {
        model.feed.value = feed;
        model.collapsed.value = collapsed;
        model.settings.value = settings;
      });
      place();
    })
    .catch((error: unknown) => console.error(LOG_PREFIX, error));

  // The page can dispatch this event too (its `newUrl` is then not visible here): fall back to
  // the real location rather than throw.
  ctx.addEventListener(window, 'wxt:locationchange', (event) => {
    model.href.value = event.newUrl?.href ?? location.href;
    place();
  });
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
    model.now.value = Date.now();
  }, 15_000);
  ctx.onInvalidated(() => {
    for (const stop of unwatch) stop();
    unmount();
  });
}
