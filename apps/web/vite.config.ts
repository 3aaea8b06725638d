import path from 'node:path';
import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { build, defineConfig, type Plugin, type ResolvedConfig } from 'vite';
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
    apply: (_c, env) => env.command === 'build' && !env.isSsrBuild,
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

/** Where the server renderer goes inside a client build's folder (a dot folder: never served). */
export const SSR_SUBDIR = '.ssr';

/**
 * Every client build also builds the server renderer (src/entry-server.ts) into
 * `<outDir>/.ssr/entry-server.mjs`, so one `vite build` (any --outDir) gives the server both:
 * the pages it renders and the assets the browser loads. One self-contained set of ES modules
 * (dependencies bundled), so the folder can live anywhere.
 */
function serverRenderer(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'atrium-server-renderer',
    apply: (_c, env) => env.command === 'build' && !env.isSsrBuild,
    configResolved(c) {
      config = c;
    },
    // after the other plugins' closeBundle (precompress walks the client files)
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await build({
          configFile: path.join(import.meta.dirname, 'vite.config.ts'),
          mode: config.mode,
          logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
          build: {
            ssr: 'src/entry-server.ts',
            outDir: path.join(config.build.outDir, SSR_SUBDIR),
            emptyOutDir: true,
            sourcemap: false,
            // one file: the server imports it with a ?v=<build> query, and chunks would import a second copy
            rollupOptions: { output: { entryFileNames: '[name].mjs', inlineDynamicImports: true } },
          },
        });
      },
    },
  };
}

export default defineConfig(({ isSsrBuild, mode }) => ({
  root: import.meta.dirname,
  // Vite leaves process.env.NODE_ENV to run time in an SSR build: a production build says it, so
  // the bundled libraries (vue-router, Vue's entry) drop their development paths instead of
  // reading process.env (a slow getter in Node) on every check
  define: isSsrBuild && mode === 'production' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  plugins: [vue(), initialJsSize(), precompress(), serverRenderer()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // module id -> its chunk's JS and CSS: the server links the CSS of what it rendered
    ssrManifest: true,
  },
  // the renderer bundles its dependencies: it runs from any folder (WEB_DIST) without node_modules
  ssr: { noExternal: true, target: 'node' },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: 'http://localhost:4000', ws: true, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
}));
