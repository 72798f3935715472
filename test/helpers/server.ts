import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { type RunningServer, startServer as start } from '../../server/server.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export const tempDir = (prefix = 'coreport-test-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A real coreport server in this process on 127.0.0.1, port 0, with a fresh DATA_DIR unless one is given. */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? tempDir();
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', ...env, DATA_DIR: dataDir });
  const server = await start(config, path.join(repoRoot, 'dist/client'));
  return {
    ...server,
    dataDir,
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    stop: () => server.close(),
  };
}
