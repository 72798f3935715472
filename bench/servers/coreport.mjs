/**
 * coreport as a benchmark target, as `npm start` runs it: the compiled server (dist/app, built by
 * bench/lib/servers.ts before launching) of the checkout COREPORT_TREE (this one by default), plain
 * node, no TypeScript loader. SQLite in DATA_DIR, permission check on; prints `ready` when listening.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const tree = process.env.COREPORT_TREE || path.resolve(import.meta.dirname, '../..');
const compiled = (file) => import(pathToFileURL(path.join(tree, 'dist/app/server', file)).href);
const { loadConfig } = await compiled('config.js');
const { exitOnSignals, startServer } = await compiled('server.js');

const server = await startServer(loadConfig());
exitOnSignals(server);
console.log(`ready ${server.port}`);
