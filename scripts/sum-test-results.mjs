#!/usr/bin/env node
// Sums vitest JSON reports (one per package and database) into "N passed, M failed".
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
function walk(p) {
  if (!fs.existsSync(p)) return;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.json')) {
      const r = JSON.parse(fs.readFileSync(full, 'utf8'));
      files++;
      passed += r.numPassedTests ?? 0;
      failed += r.numFailedTests ?? 0;
      // a test file that failed to load runs no test: count it as one failure
      for (const t of r.testResults ?? []) {
        if (t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
      }
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    }
  }
}
walk(dir);
if (files === 0) failed = Math.max(failed, 1);

// A suite that never wrote its report (its setup crashed, the browser did not start) ran no
// test and must not vanish from the total: each missing report of a run counts as a failure.
// A run is the folder itself, or each of its subfolders (.ci/run: postgres/, pglite/).
const EXPECTED_REPORTS = ['server.json', 'web.json', 'web-e2e.json'];
const subdirs = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
const runs = subdirs.length ? subdirs.map((e) => path.join(dir, e.name)) : [dir];
for (const run of runs) {
  for (const name of EXPECTED_REPORTS) {
    if (!fs.existsSync(path.join(run, name))) {
      console.log(`missing report: ${path.join(path.basename(run), name)} (the suite did not run to the end)`);
      failed++;
    }
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
