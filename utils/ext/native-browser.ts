/**
 * The content script's `webextension-polyfill`: the browser's own promise-based API object.
 *
 * The content script only calls APIs that return promises natively wherever it runs (storage
 * get/set and onChanged, runtime.connect and id, i18n.getMessage in Chrome MV3 and Firefox), so
 * the polyfill's wrapping is dead weight there: about 2.7 KB gzip of the injected bundle, which
 * every app tab parses. The background and the extension pages keep the polyfill. The build
 * resolves `webextension-polyfill` to this module for content scripts only (wxt.config.ts).
 */
type ExtensionApi = { runtime?: { id?: string } };

const scope = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };

// Firefox (and Chrome from 148) define `browser`; older Chromium only `chrome`, whose MV3 APIs
// used here return promises as well. Same test as the polyfill's own.
export default scope.browser?.runtime?.id ? scope.browser : scope.chrome;
