import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The import graph of apps/server/src, read with the TypeScript compiler's own pre-processor (static imports, `import type`, re-exports and `import()` of literals). */
export interface ImportGraph {
  /** file (relative to src, with /) -> files it imports (relative to src). */
  edges: Map<string, Set<string>>;
}

export function readImportGraph(srcDir: string): ImportGraph {
  const edges = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) {
        const rel = path.relative(srcDir, full).split(path.sep).join('/');
        const info = ts.preProcessFile(fs.readFileSync(full, 'utf8'), true, true);
        const targets = new Set<string>();
        for (const ref of info.importedFiles) {
          if (!ref.fileName.startsWith('.')) continue;
          const resolved = path.resolve(path.dirname(full), ref.fileName).replace(/\.js$/, '.ts');
          const candidates = [resolved, `${resolved}.ts`, path.join(resolved, 'index.ts')];
          const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
          if (hit && hit.startsWith(srcDir)) targets.add(path.relative(srcDir, hit).split(path.sep).join('/'));
        }
        edges.set(rel, targets);
      }
    }
  };
  walk(srcDir);
  return { edges };
}

/** Strongly connected components with more than one file (import cycles), each sorted. Tarjan's algorithm. */
export function importCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** Lower layers: libraries the features use; they import nothing from modules/. */
export const LOWER_LAYERS = ['graphql/', 'lib/', 'pubsub/', 'db/', 'events/'];

/** Every import from a lower layer into modules/, as "from -> to". */
export function upwardImports(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph.edges) {
    if (!LOWER_LAYERS.some((l) => from.startsWith(l))) continue;
    for (const to of targets) if (to.startsWith('modules/')) out.push(`${from} -> ${to}`);
  }
  return out.sort();
}
