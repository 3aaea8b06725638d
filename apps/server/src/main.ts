import { ConfigError, loadConfig } from './config.js';
import { createApp } from './http/server.js';
import { log } from './lib/logger.js';

async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  log().info({ port: app.port, database: app.database.kind, ms: Date.now() - started }, 'atrium started');
  const shown = `http://localhost:${app.port}`;
  console.log(`\n  Atrium is ready at ${shown}  (GraphQL: ${shown}/graphql)\n  Database: ${where}`);
  if (config.seedDemo) {
    console.log(`  Demo users: admin, moderator, agent, member — password: ${config.demoPassword}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started with an IPC channel (scripts/start.mjs, i.e. `npm start`): when the parent goes
  // away (killed, or itself orphaned) nobody would pass a stop signal on, so drain and exit
  // rather than run on orphaned. The channel does not keep the process alive.
  if (process.channel) {
    process.channel.unref();
    if (!process.connected) void stop('parent exited');
    else process.once('disconnect', () => void stop('parent exited'));
  }
}

main().catch((err) => {
  log().fatal({ err }, 'failed to start');
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
