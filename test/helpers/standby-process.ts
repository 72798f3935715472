/**
 * A coreport server process that loads everything, prints `ready`, and starts serving (in $DATA_DIR)
 * only when a line with a port number (0: any) arrives on stdin; then prints its port. Lets crash tests restart in
 * milliseconds: the next process warms up while the current one runs.
 */
import { loadConfig } from '../../server/config.ts';
import { exitOnSignals, startServer } from '../../server/server.ts';

process.stdout.write('ready\n');
process.stdin.once('data', async (line: Buffer) => {
  const server = await startServer(loadConfig({ ...process.env, PORT: line.toString().trim() }));
  exitOnSignals(server);
  process.stdout.write(`${server.port}\n`);
});
