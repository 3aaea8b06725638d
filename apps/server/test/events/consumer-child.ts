/**
 * A process running one durable event consumer (test/events/event-log.test.ts starts two on
 * one database): it records each event it handles in `consumer_probe`, in the consumer's
 * transaction, with its WORKER name. Prints "consuming" once started; SIGTERM stops it.
 */
import { openDatabase } from '../../src/modules/database.js';
import { EventLog } from '../../src/events/event-log.js';

const url = process.env.DATABASE_URL!;
const worker = process.env.WORKER ?? String(process.pid);
const database = await openDatabase({ databaseUrl: url, dataDir: null, dbPoolSize: 3 }, { migrate: false });
// another process: no pubsub here, the poll finds new events
const events = new EventLog(database.ds, { pollMs: 200 });
events.consume('two-process-probe', { types: ['article.redirected'], batchSize: 7 }, async (batch, tx) => {
  for (const e of batch) {
    await tx.query('insert into consumer_probe (event_id, worker) values ($1, $2)', [e.id, worker]);
  }
  // hold the batch a moment so the other process tries to take it meanwhile
  await tx.query('select pg_sleep(0.02)');
});
process.stdout.write('consuming\n');
process.once('SIGTERM', () => {
  void events.close().then(() => database.close()).then(() => process.exit(0));
});
