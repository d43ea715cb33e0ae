/**
 * The bar's state: signals fed by the storage items, the route and a clock, and the view derived
 * from them. Pure (its inputs are handed in by `utils/ext/bar-mount.tsx`), like the popup's.
 * Plain signals rather than setters: the content script's size budget.
 */
import { computed, type ReadonlySignal, type Signal, signal } from '@preact/signals-core';
import { shouldShowBar } from '../../utils/routes';
import { DEFAULT_SETTINGS, type PageKind, type Settings } from '../../utils/settings';
import { createEmptySnapshot, type Snapshot } from '../../utils/snapshot/types';
import { type BarView, deriveBarView } from '../../utils/view/bar-view';
import type { BarWords } from '../../utils/view/bar-words';

export interface BarModel {
  snapshot: Signal<Snapshot>;
  /** The settings in force; null until read (the bar stays away until then: they may say "off"). */
  settings: Signal<Settings | null>;
  /** The background's words for the snapshot (null until written). */
  words: Signal<BarWords | null>;
  collapsed: Signal<boolean>;
  /** The page's URL (set to the URL being navigated to). */
  href: Signal<string>;
  /**
   * The clock (epoch ms). The status compares it with the snapshot ("Retrying in 8 s"): move both
   * in one `batch`.
   */
  now: Signal<number>;
  /** Where the bar belongs at `href`: a page kind, or null for no bar. */
  readonly page: ReadonlySignal<PageKind | null>;
  /** What the bar shows, or null where it does not belong. */
  readonly view: ReadonlySignal<BarView | null>;
}

/**
 * A bar model at `href` and `now`. `onError` hears a route that cannot be matched (a bad route in
 * the settings: no bar then).
 */
export function createBarModel(href: string, now: number, onError?: (error: unknown) => void): BarModel {
  const model = {
    snapshot: signal(createEmptySnapshot()),
    settings: signal<Settings | null>(null),
    words: signal<BarWords | null>(null),
    collapsed: signal(false),
    href: signal(href),
    now: signal(now),
  };
  const page = computed(() => {
    const settings = model.settings.value;
    try {
      return settings && shouldShowBar(model.href.value, settings);
    } catch (error) {
      onError?.(error);
      return null;
    }
  });
  const view = computed(() => {
    const kind = page.value;
    const settings = model.settings.value ?? DEFAULT_SETTINGS;
    return kind && deriveBarView(model.snapshot.value, settings, model.now.value, model.words.value, kind);
  });
  return { ...model, page, view };
}
