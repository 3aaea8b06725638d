import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express, type Request } from 'express';
import { IDE_CSP } from './security-headers.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Where the IDE's files are served: all from node_modules, nothing from a CDN. */
export const IDE_BASE = '/graphql/ide';

const ASSETS = {
  react: `${IDE_BASE}/react/umd/react.production.min.js`,
  reactDom: `${IDE_BASE}/react-dom/umd/react-dom.production.min.js`,
  graphiqlJs: `${IDE_BASE}/graphiql/graphiql.min.js`,
  graphiqlCss: `${IDE_BASE}/graphiql/graphiql.min.css`,
  boot: `${IDE_BASE}/boot.js`,
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atrium GraphQL API</title>
<link rel="stylesheet" href="${ASSETS.graphiqlCss}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the GraphQL IDE…</div>
<script src="${ASSETS.react}"></script>
<script src="${ASSETS.reactDom}"></script>
<script src="${ASSETS.graphiqlJs}"></script>
<script src="${ASSETS.boot}"></script>
</body>
</html>
`;

// JSON POSTs with the reader's cookie (same origin): signed-in queries work, and the CSRF rule is met.
const BOOT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: { 'apollo-require-preflight': 'true' } });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultQuery: '# Welcome to the Atrium GraphQL API. Docs: the "Docs" button, or docs/api.md.\\n' +
      'query NewestArticles {\\n  articles(first: 5, orderBy: NEWEST) {\\n    nodes { id title publishedAt }\\n  }\\n}\\n'
  }));
})();
`;

/** A browser (Accept: text/html, no JSON) asking for /graphql gets the IDE instead of a GraphQL error. */
export function wantsIde(req: Request): boolean {
  if (req.method !== 'GET') return false;
  return req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

/** Serves GraphiQL (self-hosted: graphiql, react and react-dom UMD builds from node_modules). */
export function mountGraphiql(app: Express): void {
  const immutable = { maxAge: '1d', index: false as const };
  app.use(`${IDE_BASE}/react/umd`, express.static(path.join(packageDir('react'), 'umd'), immutable));
  app.use(`${IDE_BASE}/react-dom/umd`, express.static(path.join(packageDir('react-dom'), 'umd'), immutable));
  app.get(`${IDE_BASE}/graphiql/:file`, (req, res, next) => {
    const file = req.params.file;
    if (file !== 'graphiql.min.js' && file !== 'graphiql.min.css') return next();
    res.sendFile(path.join(packageDir('graphiql'), file), { maxAge: '1d' });
  });
  app.get(ASSETS.boot, (_req, res) => {
    res.type('js').send(BOOT);
  });
  app.use(IDE_BASE, (_req, res) => {
    res.status(404).type('text').send('Not found');
  });
  app.get('/graphql', (req, res, next) => {
    if (!wantsIde(req)) return next();
    // its own CSP (inline styles for its UI); the app's policy is set on every response before
    res.type('html').setHeader('cache-control', 'no-cache').setHeader('content-security-policy', IDE_CSP).send(PAGE);
  });
}
