import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'utils/**/*.test.ts',
      'components/**/*.test.tsx',
      'entrypoints/**/*.test.{ts,tsx}',
      'demo/**/*.test.mjs',
      'tests/unit/**/*.test.{ts,mjs}',
    ],
    restoreMocks: true,
    // The wording modules read `_locales`; tests see the English catalogue.
    setupFiles: ['tests/unit/i18n-setup.ts'],
  },
});
