import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** Origins the extension talks to out of the box; others are requested at run time. */
const DEFAULT_APP_ORIGINS = ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'];
const DEFAULT_API_ORIGINS = ['http://localhost:5003/*', 'http://127.0.0.1:5003/*'];

/** End-to-end builds run the demo on any free port and on a second loopback host. */
const E2E_ORIGINS = ['http://localhost/*', 'http://127.0.0.1/*', 'http://127.0.0.2/*'];

export default defineConfig({
  imports: false,
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      for (const script of manifest.content_scripts ?? []) script.matches = E2E_ORIGINS;
    },
  },
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
  }),
  manifest: ({ browser, manifestVersion, mode }) => ({
    name: 'Live Credits Bar for Meridinate',
    description:
      'A live bar with tokens scanned, API credits used today and the latest analysis on the Meridinate dashboard.',
    permissions: ['storage', 'alarms', ...(manifestVersion === 3 ? ['scripting'] : [])],
    host_permissions: [
      ...DEFAULT_API_ORIGINS,
      ...DEFAULT_APP_ORIGINS,
      // End-to-end builds cover the test origins, which Chromium grants at install.
      ...(mode === 'e2e' ? E2E_ORIGINS : []),
    ],
    ...(manifestVersion === 3
      ? { optional_host_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_permissions: ['http://*/*', 'https://*/*'] }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'live-credits-bar@meridinate.local',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
          ...(manifestVersion === 3
            ? { content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" } }
            : {}),
        }
      : {}),
  }),
});
