/** Runs a coreport server as its own process (for kill -9 tests); prints the port on the first line. */
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';

const server = await startServer(loadConfig());
console.log(server.port);
