/** coreport as a benchmark target: SQLite in DATA_DIR, permission check on; prints `ready` when listening. */
import { loadConfig } from '../../server/config.ts';
import { exitOnSignals, startServer } from '../../server/server.ts';

const server = await startServer(loadConfig());
exitOnSignals(server);
console.log(`ready ${server.port}`);
