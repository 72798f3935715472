import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { type RunningServer, startServer as start } from '../../server/server.ts';
import type { TestPostgres } from './postgres.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export const tempDir = (prefix = 'coreport-test-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/**
 * A real coreport server in this process on 127.0.0.1, port 0, with a fresh DATA_DIR unless one is given.
 * Under `COREPORT_TEST_STORAGE=postgres` (the PostgreSQL project in vitest.config.ts) it runs in cluster
 * mode as a single node, on a fresh database of a PostgreSQL started for the test file.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? tempDir();
  const cluster = process.env.COREPORT_TEST_STORAGE === 'postgres' ? await clusterEnv(env, dataDir) : {};
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', ...cluster, ...env, DATA_DIR: dataDir });
  const server = await start(config, path.join(repoRoot, 'dist/client'));
  return {
    ...server,
    dataDir,
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    stop: () => server.close(),
  };
}

let suitePostgres: Promise<TestPostgres> | null = null;
let nodes = 0;
/** A server restarted on the same DATA_DIR finds the same database. */
const databaseOf = new Map<string, string>();

/** Cluster-mode settings for one node on a fresh database (PostgreSQL started once per test file). */
async function clusterEnv(env: Record<string, string>, dataDir: string): Promise<Record<string, string>> {
  // Imported here: SQLite runs need no PostgreSQL (the module insists on one under CI).
  const { freePort, startPostgres } = await import('./postgres.ts');
  if (!suitePostgres) {
    suitePostgres = startPostgres();
    afterAll(async () => (await suitePostgres)?.close());
  }
  const port = env.PORT && env.PORT !== '0' ? env.PORT : String(await freePort());
  const databaseUrl =
    env.DATABASE_URL ?? databaseOf.get(dataDir) ?? (await (await suitePostgres).freshDatabase());
  databaseOf.set(dataDir, databaseUrl);
  return {
    STORAGE: 'postgres',
    DATABASE_URL: databaseUrl,
    NODE_ID: `test-node-${++nodes}`,
    NODE_URL: `http://127.0.0.1:${port}`,
    CLUSTER_SECRET: 'test-cluster-secret-0123456789abcdef',
    PORT: port,
  };
}
