import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** The simulation (`npm run sim`): its model's own tests, then the seeds split over two processes. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [WxtVitest()],
  test: {
    include: ['tests/sim/**/*.test.ts', 'tests/sim/**/*.sim.ts'],
    pool: 'forks',
    maxWorkers: 2,
    setupFiles: ['tests/unit/i18n-setup.ts'],
    // Unhandled rejections are a violation of the seed that caused them, reported by the command.
    dangerouslyIgnoreUnhandledErrors: true,
  },
});
