import { createRequire } from 'node:module';
import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const resultsDir = process.env.TEST_RESULTS_DIR;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  resolve: {
    // Node loads graphql's CJS build for @apollo/client; our code must get the same instance
    // or "Cannot use GraphQLScalarType from another module or realm" (as in apps/server).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    reporters: resultsDir ? ['default', ['json', { outputFile: path.join(resultsDir, 'web.json') }]] : ['default'],
  },
});
