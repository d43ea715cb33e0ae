import { afterEach, describe, expect, it, vi } from 'vitest';

/** Loads the module afresh with these globals, as a content script would at start. */
async function load(globals: { browser?: unknown; chrome?: unknown }) {
  vi.resetModules();
  vi.stubGlobal('browser', globals.browser);
  vi.stubGlobal('chrome', globals.chrome);
  return (await import('./native-browser')).default;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the content script’s browser object', () => {
  const browserApi = { runtime: { id: 'abc' }, name: 'browser' };
  const chromeApi = { runtime: { id: 'abc' }, name: 'chrome' };

  it.each([
    ['Firefox, Chrome 148+: both globals', { browser: browserApi, chrome: chromeApi }, browserApi],
    ['older Chromium: only chrome', { chrome: chromeApi }, chromeApi],
    // A page element named "browser" (id="browser") is no extension API.
    ['a `browser` without runtime.id', { browser: { name: 'element' }, chrome: chromeApi }, chromeApi],
    ['a `browser` whose runtime has no id', { browser: { runtime: {} }, chrome: chromeApi }, chromeApi],
  ])('%s', async (_case, globals, expected) => {
    expect(await load(globals)).toBe(expected);
  });
});
