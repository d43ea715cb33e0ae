// End-to-end specs (tests/e2e) in Debian's Chromium with the extension, against the demo app.
// `npm run test:e2e` runs them all; `npm run test:e2e -- faults` or `-- -g "the badge"` a part.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.mjs',
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/global-setup.mjs',
  // Two cores: two browsers at a time (the fault matrix's lanes are mostly waiting).
  workers: 2,
  retries: 0,
  // The fault matrix waits out real timeouts and backoffs; the Month view loads 180 days.
  timeout: 240_000,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
