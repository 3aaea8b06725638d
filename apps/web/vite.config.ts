import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './build/precompress';

/** Budget for the JavaScript a first visit downloads (entry chunk + its static imports), gzipped. */
const INITIAL_JS_BUDGET_KB = 150;

/**
 * Prints the gzipped size of the initial JS after every build, so a regression shows up in
 * the build log. Route chunks (dynamic imports) are not counted: they load on navigation.
 */
function initialJsSize(): Plugin {
  return {
    name: 'atrium-initial-js-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const seen = new Set<string>();
      const visit = (fileName: string) => {
        if (seen.has(fileName)) return;
        seen.add(fileName);
        for (const dep of chunks.get(fileName)?.imports ?? []) visit(dep);
      };
      for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
      let bytes = 0;
      for (const fileName of seen) bytes += gzipSync(chunks.get(fileName)!.code, { level: 9 }).length;
      const kb = bytes / 1024;
      const line = `initial JS: ${kb.toFixed(1)} KB gzipped (budget ${INITIAL_JS_BUDGET_KB} KB, ${seen.size} chunk${seen.size === 1 ? '' : 's'})`;
      if (kb > INITIAL_JS_BUDGET_KB) this.warn(`${line}: OVER BUDGET`);
      else console.log(`\n${line}`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue(), initialJsSize(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: 'http://localhost:4000', ws: true, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
});
