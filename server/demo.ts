import path from 'node:path';
import { ensureClientBuilt } from './build-client.ts';
import { loadConfig } from './config.ts';
import { demoTeam } from './demo/sample-report.ts';
import { seedDemo } from './demo/seed.ts';
import { projectRoot } from './project-root.ts';
import { exitOnSignals, startServer } from './server.ts';

/** `npm run demo`: the real server on its own data folder, with a sample team and report. */
const root = projectRoot(import.meta.url);
const config = loadConfig({ DATA_DIR: path.join(root, 'data', 'demo'), ...process.env });
const server = await startServer(config, await ensureClientBuilt(root));
const seeded = await seedDemo(server.deps);
console.log(`coreport demo on ${server.url} (data in ${config.dataDir})${seeded ? '' : ' — already seeded'}`);
console.log('Sign in as any of these (open two browsers to see co-editing):');
for (const m of demoTeam) console.log(`  ${m.displayName.padEnd(4, '　')}  ${m.username} / ${m.password}`);
exitOnSignals(server);
