import { loadConfig } from '../../config.js';
import { openDatabase } from '../database.js';
import { seedDemo } from './demo.js';

/** `npm run seed`: migrate and fill the configured database (also a real PostgreSQL) with the demo help center. */
const config = loadConfig();
const db = await openDatabase(config);
const done = await seedDemo(db.ds, { password: config.demoPassword });
console.log(done ? `Seeded demo content. Demo users' password: ${config.demoPassword}` : 'The database already has the demo users; nothing to do.');
await db.close();
