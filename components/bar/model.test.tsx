import { batch } from '@preact/signals-core';
import { describe, expect, it } from 'vitest';
import { createLoadedSnapshot } from '../../tests/unit/fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import { deriveBarFeed } from '../../utils/view/bar-view';
import { createBarModel } from './model';

const NOW = Date.UTC(2026, 11, 6, 14, 30);
const APP = DEFAULT_SETTINGS.appOrigins[0];
const TOKENS = `${APP}${DEFAULT_SETTINGS.routes.tokens}`;
const INGESTION = `${APP}${DEFAULT_SETTINGS.routes.ingestion}`;
const snapshot = createLoadedSnapshot(NOW, { total: 1284, byOperation: {} });
const feed = deriveBarFeed(snapshot, DEFAULT_SETTINGS, NOW, 'en-US');

describe('createBarModel', () => {
  it('has no bar until the settings are read: they may say "off"', () => {
    const model = createBarModel(TOKENS, NOW);
    model.feed.value = feed;
    expect(model.page.value).toBeNull();
    expect(model.view.value).toBeNull();
    model.settings.value = DEFAULT_SETTINGS;
    expect(model.page.value).toBe('tokens');
    expect(model.view.value?.credits.value).toBe('1,284');
  });

  it.each<[string, string, Partial<Settings>, 'tokens' | 'ingestion' | null]>([
    ['Tokens', TOKENS, {}, 'tokens'],
    ['Ingestion', INGESTION, {}, 'ingestion'],
    ['another page of the app', `${APP}/settings`, {}, null],
    ['another origin', `http://example.com${DEFAULT_SETTINGS.routes.tokens}`, {}, null],
    ['the overlay switched off', TOKENS, { enabled: false }, null],
    ['Tokens switched off', TOKENS, { pages: { tokens: false, ingestion: true } }, null],
  ])('places the bar by the route and the settings: %s', (_, href, patch, page) => {
    const model = createBarModel(href, NOW);
    model.settings.value = { ...DEFAULT_SETTINGS, ...patch };
    expect(model.page.value).toBe(page);
    expect(model.view.value === null).toBe(page === null);
  });

  it('follows client-side navigation', () => {
    const model = createBarModel(TOKENS, NOW);
    model.settings.value = DEFAULT_SETTINGS;
    model.href.value = `${APP}/settings`;
    expect(model.page.value).toBeNull();
    model.href.value = INGESTION;
    expect(model.page.value).toBe('ingestion');
  });

  it('says it is loading before the first feed, then shows it', () => {
    const model = createBarModel(TOKENS, NOW);
    model.settings.value = DEFAULT_SETTINGS;
    expect(model.view.value?.status.kind).toBe('loading');
    expect(model.view.value?.credits.value).toBe('—');
    model.feed.value = feed;
    expect(model.view.value?.status.kind).toBe('polling');
  });

  it('moves with the clock: the same feed turns old', () => {
    const model = createBarModel(TOKENS, NOW);
    batch(() => {
      model.settings.value = DEFAULT_SETTINGS;
      model.feed.value = feed;
    });
    expect(model.view.value?.credits.stale).toBe(false);
    model.now.value = NOW + 10 * 60_000;
    expect(model.view.value?.status.label).toBe('Updated 10 min ago');
    expect(model.view.value?.credits.stale).toBe(true);
  });

  it('throws from the route only when read, so the mount can report it', () => {
    const model = createBarModel(TOKENS, NOW);
    model.settings.value = { ...DEFAULT_SETTINGS, appOrigins: null as unknown as string[] };
    expect(() => model.page.value).toThrow();
  });
});
