import path from 'node:path';
import { defineConfig } from 'vitest/config';

const resultsDir = process.env.TEST_RESULTS_DIR;

/**
 * End-to-end suite: Debian's Chromium (playwright-core) against a real server that the global
 * setup builds the app for and starts (embedded database with demo content, or DATABASE_URL).
 * One file at a time, generous timeouts: it must pass on a 2-core machine.
 */
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    reporters: resultsDir ? ['default', ['json', { outputFile: path.join(resultsDir, 'web-e2e.json') }]] : ['default'],
  },
});
