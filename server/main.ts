import { ensureClientBuilt } from './build-client.ts';
import { ConfigError, loadConfig } from './config.ts';
import { projectRoot } from './project-root.ts';
import { exitOnSignals, startServer } from './server.ts';

const root = projectRoot(import.meta.url);

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`coreport: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const clientDir = await ensureClientBuilt(root);
  const server = await startServer(config, clientDir);
  console.log(`coreport listening on ${server.url} (data in ${config.dataDir})`);

  exitOnSignals(server);
}

main().catch((err) => {
  console.error('coreport: failed to start:', err);
  process.exit(1);
});
