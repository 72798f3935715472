import fs from 'node:fs';
import path from 'node:path';

/** Newest modification time under `dir` (recursively), 0 if missing. */
function newest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let latest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Builds the web app with Vite when dist/client is missing or older than its sources. */
export async function ensureClientBuilt(root: string): Promise<string> {
  const out = path.join(root, 'dist/client');
  const index = path.join(out, 'index.html');
  const sources = Math.max(newest(path.join(root, 'client')), newest(path.join(root, 'shared')));
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources) {
    console.log('coreport: building the web app…');
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }
  return out;
}
