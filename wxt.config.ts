import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** Origins the extension talks to out of the box; others are requested at run time. */
const DEFAULT_APP_ORIGINS = ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'];
const DEFAULT_API_ORIGINS = ['http://localhost:5003/*', 'http://127.0.0.1:5003/*'];

export default defineConfig({
  imports: false,
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
      // End-to-end builds add the custom test origin, which Chromium grants at install.
      ...(mode === 'e2e' ? ['http://127.0.0.2:3000/*'] : []),
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
