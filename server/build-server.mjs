// `npm start` runs plain JavaScript: this compiles server/ and shared/ into dist/app/ (one .js file per
// .ts file, same folders, relative imports rewritten to .js) when the output is missing or older than its
// sources, then the web app when stale. No runtime TypeScript loader in production: less memory, faster start, and none of tsx's
// keepNames property dictionaries. Plain .mjs because nothing can compile this file before it runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/app');
const stamp = path.join(outdir, '.built');

/** Every .ts file under `dir` except tests. */
function sources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** Each file stays its own module: relative imports point at the sibling .js, packages stay imports. */
const keepImports = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relative = args.path.startsWith('.');
      return { path: relative ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
    });
  },
};

export async function buildServer() {
  const files = [...sources(path.join(root, 'server')), ...sources(path.join(root, 'shared'))];
  const newest = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newest) return outdir;
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outdir,
    outbase: root,
    bundle: true,
    plugins: [keepImports],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  fs.writeFileSync(stamp, new Date().toISOString());
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildServer();
  // The web app is built here too, so the server process never loads Vite (≈ 150 MB it would keep).
  const { ensureClientBuilt } = await import(pathToFileURL(path.join(outdir, 'server/build-client.js')).href);
  await ensureClientBuilt(root);
}
