#!/usr/bin/env node
// `npm test`: every workspace's tests through turbo, then one line "N passed, M failed" summed
// from vitest's JSON reports. `--continue`: one red workspace never hides the others' results.
// With TEST_RESULTS_DIR set (CI), the reports stay there and the caller sums them (.ci/run
// prints one total for both databases).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const own = !process.env.TEST_RESULTS_DIR;
const results = process.env.TEST_RESULTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-test-results-'));
const turbo = spawnSync(path.join(root, 'node_modules/.bin/turbo'), ['run', 'test', '--concurrency=1', '--continue', '--log-order=stream', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TEST_RESULTS_DIR: results },
});
if (!own) process.exit(turbo.status ?? 1);
const sum = spawnSync(process.execPath, [path.join(root, 'scripts/sum-test-results.mjs'), results], { stdio: 'inherit' });
fs.rmSync(results, { recursive: true, force: true });
process.exit(turbo.status !== 0 ? (turbo.status ?? 1) : (sum.status ?? 1));
