import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** The simulation (`npm run sim`): its model's own tests, then the seeds split over three processes. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [WxtVitest()],
  test: {
    include: ['tests/sim/**/*.test.ts', 'tests/sim/**/*.sim.ts'],
    pool: 'forks',
    // Three processes on two cores: each waits now and then for a module when a simulated worker
    // restarts (a fresh module instance), and the third fills those gaps (about 7 % faster).
    maxWorkers: 3,
    setupFiles: ['tests/unit/i18n-setup.ts'],
    // Unhandled rejections are a violation of the seed that caused them, reported by the command.
    dangerouslyIgnoreUnhandledErrors: true,
  },
});
