import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAdmin } from './helpers/api.ts';
import { importBody } from './helpers/import.ts';
import { repoRoot, tempDir } from './helpers/server.ts';

const outdir = path.join(repoRoot, 'dist/app');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Every compiled module under `dir`. */
function compiled(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? compiled(full) : e.name.endsWith('.js') ? [full] : [];
  });
}

describe('npm start runs compiled JavaScript', () => {
  it('compiles server/ and shared/ to dist/app and serves from it with plain node', async () => {
    execFileSync(process.execPath, ['server/build-server.mjs'], { cwd: repoRoot, stdio: 'pipe' });
    const files = compiled(outdir);
    expect(files).toContain(path.join(outdir, 'server/main.js'));
    // No module may still point at TypeScript: node 20 cannot load it without a loader.
    for (const file of files) expect(fs.readFileSync(file, 'utf8')).not.toMatch(/from "\.{1,2}\/[^"]*\.ts"/);

    const child = spawn(process.execPath, [path.join(outdir, 'server/main.js')], {
      cwd: repoRoot,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: tempDir(), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        const m = /listening on (http:\/\/\S+)/.exec(d.toString());
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`compiled server exited (${code})`)));
    });
    const res = await fetch(`${url}/healthz`);
    expect(await res.json()).toEqual({ ok: true });
    // The import parser runs in a worker thread, which must find its compiled .js file.
    const admin = await registerAdmin(url);
    const imported = await importBody(url, admin.token, '年度工作总结\n一、主要工作\n完成X项任务。');
    expect(imported.status).toBe(201);
    expect(imported.body.sections.map((s: { title: string }) => s.title)).toEqual(['主要工作']);
    const exit = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('rebuilds when a source is newer than the build, and not otherwise', () => {
    execFileSync(process.execPath, ['server/build-server.mjs'], { cwd: repoRoot, stdio: 'pipe' });
    const stamp = path.join(outdir, '.built');
    const before = fs.statSync(stamp).mtimeMs;
    execFileSync(process.execPath, ['server/build-server.mjs'], { cwd: repoRoot, stdio: 'pipe' });
    expect(fs.statSync(stamp).mtimeMs).toBe(before);
    // A server-only source: touching shared/ would also make the web app look stale, and rebuilding
    // dist/client would pull it from under the browser tests running beside this one.
    const source = path.join(repoRoot, 'server/project-root.ts');
    const was = fs.statSync(source);
    const future = new Date(Date.now() + 5_000);
    fs.utimesSync(source, future, future);
    try {
      execFileSync(process.execPath, ['server/build-server.mjs'], { cwd: repoRoot, stdio: 'pipe' });
      expect(fs.statSync(stamp).mtimeMs).toBeGreaterThan(before);
    } finally {
      fs.utimesSync(source, was.atime, was.mtime);
    }
  });
});
