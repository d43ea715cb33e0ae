import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { DEFAULT_API_ORIGINS as API, DEFAULT_APP_ORIGINS as APP } from './utils/settings';

/** What content scripts get for `webextension-polyfill` (why: the module's own comment). */
const NATIVE_BROWSER = fileURLToPath(new URL('./utils/ext/native-browser.ts', import.meta.url));

/** Origins the extension talks to out of the box; others are requested at run time. */
const DEFAULT_APP_ORIGINS = APP.map((origin) => `${origin}/*`);
const DEFAULT_API_ORIGINS = API.map((origin) => `${origin}/*`);
/**
 * Firefox match patterns cannot hold a port (`http://localhost:3000/*` never matches there), so
 * the Firefox builds cover the default app and API ports with port-less patterns; the bar still
 * shows only on the app origins of the settings.
 */
const FIREFOX_ORIGINS = ['http://localhost/*', 'http://127.0.0.1/*'];

/**
 * End-to-end builds run the demo on any free port. They also hold access to a second loopback
 * host without a static content script there, so the run-time registration for a custom app
 * origin is what makes the bar appear on it.
 */
const E2E_SCRIPT_ORIGINS = ['http://localhost/*', 'http://127.0.0.1/*'];
const E2E_ORIGINS = [...E2E_SCRIPT_ORIGINS, 'http://127.0.0.2/*'];

export default defineConfig({
  imports: false,
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((entry) => entry.type === 'content-script')) return;
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'content-script-native-browser',
          enforce: 'pre',
          resolveId: (id) => (id === 'webextension-polyfill' ? NATIVE_BROWSER : null),
        },
      ];
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.browser === 'firefox') {
        for (const script of manifest.content_scripts ?? []) script.matches = FIREFOX_ORIGINS;
      }
      if (wxt.config.mode !== 'e2e') return;
      for (const script of manifest.content_scripts ?? []) script.matches = E2E_SCRIPT_ORIGINS;
    },
  },
  modules: ['@wxt-dev/webextension-polyfill'],
  // The sources archive addons.mozilla.org asks for (`wxt zip -b firefox`): no test output in it.
  // The manifest version in the name: the Firefox MV2 and MV3 packages would overwrite each other.
  zip: {
    excludeSources: ['test-results/**'],
    artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}-{{manifestVersion}}{{modeSuffix}}.zip',
  },
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022', cssTarget: ['chrome123', 'firefox128'] },
  }),
  manifest: ({ browser, manifestVersion, mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Firefox has `scripting` in MV2 too: run-time content scripts for custom app origins.
    permissions: [
      'storage',
      'alarms',
      ...(manifestVersion === 3 || browser === 'firefox' ? ['scripting'] : []),
      // End-to-end builds hold it from the start (nobody can click a permission prompt there).
      ...(mode === 'e2e' ? ['notifications'] : []),
    ],
    // The browser lets the user change or remove these keys (chrome://extensions/shortcuts).
    commands: {
      'toggle-bar': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: '__MSG_commandToggleBar__',
      },
      refresh: {
        suggested_key: { default: 'Alt+Shift+U' },
        description: '__MSG_commandRefresh__',
      },
    },
    host_permissions: [
      ...new Set([
        ...(browser === 'firefox' ? FIREFOX_ORIGINS : [...DEFAULT_API_ORIGINS, ...DEFAULT_APP_ORIGINS]),
        // End-to-end builds cover the test origins, which Chromium grants at install.
        ...(mode === 'e2e' ? E2E_ORIGINS : []),
      ]),
    ],
    // Notifications only when the user sets a daily budget (asked for in Options).
    ...(manifestVersion === 3
      ? {
          optional_host_permissions: ['http://*/*', 'https://*/*'],
          optional_permissions: mode === 'e2e' ? [] : ['notifications'],
        }
      : {
          optional_permissions: ['http://*/*', 'https://*/*', ...(mode === 'e2e' ? [] : ['notifications'])],
        }),
    // What an administrator can set (managed storage). Firefox reads the same keys from its
    // enterprise policy `3rdparty.Extensions` and has no such manifest key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 140 (an ESR line) is the first Firefox that reads data_collection_permissions,
            // which addons.mozilla.org requires; Firefox for Android reads it from 142.
            gecko: {
              id: 'live-credits-bar@meridinate.local',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
          ...(manifestVersion === 3
            ? { content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" } }
            : {}),
        }
      : {}),
  }),
});
