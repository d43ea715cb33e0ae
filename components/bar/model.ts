/**
 * The bar's state: signals fed by the storage items, the route and a clock, and the view derived
 * from them. Pure (its inputs are handed in by `utils/ext/bar-mount.tsx`), like the popup's.
 * Plain signals rather than setters: the content script's size budget.
 */
import { computed, type ReadonlySignal, type Signal, signal } from '@preact/signals-core';
import { shouldShowBar } from '../../utils/routes';
import type { PageKind, Settings } from '../../utils/settings';
import { type BarFeed, type BarView, deriveBarView } from '../../utils/view/bar-view';

export interface BarModel {
  /** The background's feed: the snapshot and its words (null until written). */
  feed: Signal<BarFeed | null>;
  /** The settings in force; null until read (the bar stays away until then: they may say "off"). */
  settings: Signal<Settings | null>;
  collapsed: Signal<boolean>;
  /** The page's URL (set to the URL being navigated to). */
  href: Signal<string>;
  /**
   * The clock (epoch ms). The status compares it with the feed ("Retrying in 8 s"): move both in
   * one `batch`.
   */
  now: Signal<number>;
  /** Where the bar belongs at `href`: a page kind, or null for no bar. */
  readonly page: ReadonlySignal<PageKind | null>;
  /** What the bar shows, or null where it does not belong. */
  readonly view: ReadonlySignal<BarView | null>;
}

/** A bar model at `href` and `now`, empty until the feed and the settings are set. */
export function createBarModel(href: string, now: number): BarModel {
  const model = {
    feed: signal<BarFeed | null>(null),
    settings: signal<Settings | null>(null),
    collapsed: signal(false),
    href: signal(href),
    now: signal(now),
  };
  // Reading it throws what matching the route threw (settings that are not what they should be).
  const page = computed(() => {
    const settings = model.settings.value;
    return settings && shouldShowBar(model.href.value, settings);
  });
  const view = computed(() => {
    const kind = page.value;
    const settings = model.settings.value;
    return kind && settings && deriveBarView(model.feed.value, settings, model.now.value, kind);
  });
  return { ...model, page, view };
}
