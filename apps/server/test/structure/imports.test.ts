import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, readImportGraph, upwardImports, type ImportGraph } from './import-graph.js';

/**
 * The structure of apps/server/src (STYLE.md, "The tree today, and where it should go"): the
 * lower layers (graphql/, lib/, pubsub/, db/, events/) import nothing from modules/ (they declare
 * the shapes they need, and the composition root under modules/ hands in the app's values:
 * modules/context.ts, modules/loaders.ts, modules/schema.ts, modules/database.ts, modules/services.ts),
 * and there is no import cycle (type-only imports count too). Read with the TypeScript
 * compiler's pre-processor (test/structure/import-graph.ts).
 */

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

let graph: ImportGraph;
const load = () => (graph ??= readImportGraph(src));

describe('the import structure of the server', () => {
  it('reads the imports it should (the walker sees a known import and an import type)', () => {
    const g = load();
    expect(g.edges.get('events/event-log.ts')).toContain('events/catalog.ts');
    expect(g.edges.get('modules/services.ts')).toContain('events/event-log.ts');
    // a type-only import counts (modules/context.ts: `import type { Services }`)
    expect(g.edges.get('modules/context.ts')).toContain('modules/services.ts');
    expect(g.edges.size).toBeGreaterThan(150);
  });

  it('the checks find an upward import and a cycle (a made-up graph)', () => {
    const made: ImportGraph = {
      edges: new Map([
        ['lib/a.ts', new Set(['modules/b.ts'])],
        ['modules/b.ts', new Set(['modules/c.ts'])],
        ['modules/c.ts', new Set(['modules/b.ts', 'lib/a.ts'])],
      ]),
    };
    expect(upwardImports(made)).toEqual(['lib/a.ts -> modules/b.ts']);
    expect(importCycles(made)).toEqual([['lib/a.ts', 'modules/b.ts', 'modules/c.ts']]);
  });

  it('lower layers import nothing from modules/', () => {
    expect(upwardImports(load()), 'imports from a lower layer into modules/').toEqual([]);
  });

  it('the event log (events/) imports nothing but lower layers', () => {
    const g = load();
    for (const [from, targets] of g.edges) {
      if (!from.startsWith('events/')) continue;
      for (const to of targets) expect(to, `${from} imports ${to}`).toMatch(/^(events|db|lib)\//);
    }
  });

  it('no import cycle', () => {
    expect(importCycles(load()).map((c) => c.join(' -> ')), 'import cycles').toEqual([]);
  });
});
