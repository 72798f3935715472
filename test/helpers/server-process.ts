/** Runs a coreport server as its own process (for kill -9 tests); prints the port on the first line. */
import { loadConfig } from '../../server/config.ts';
import { exitOnSignals, startServer } from '../../server/server.ts';

const server = await startServer(loadConfig());
exitOnSignals(server);
console.log(server.port);
