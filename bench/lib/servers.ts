import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { cpuSeconds, rssBytes, threadCpuSeconds } from './proc.ts';

export type Kind = 'reference' | 'hocuspocus' | 'coreport';
/** The reference comes first: every ratio is "this server / the reference". */
export const KINDS: Kind[] = ['reference', 'hocuspocus', 'coreport'];
export const LABELS: Record<Kind, string> = {
  reference: '@y/websocket-server 0.1.1 (in memory)',
  hocuspocus:
    '@hocuspocus/server 3.4.4 (in memory; its protocol prefixes the document name, so driven by @hocuspocus/provider)',
  coreport: 'coreport (SQLite persistence, permission check on)',
};

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const entries: Record<Kind, string> = {
  reference: path.join(repoRoot, 'node_modules/@y/websocket-server/src/server.js'),
  hocuspocus: path.join(repoRoot, 'bench/servers/hocuspocus.mjs'),
  coreport: path.join(repoRoot, 'bench/servers/coreport.mjs'),
};
export const SERVER_CPU = 0;
export const LOAD_CPU = 1;
export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return os.availableParallelism() >= 2;
  } catch {
    return false;
  }
})();

export interface ServerProc {
  kind: Kind;
  pid: number;
  port: number;
  dataDir: string | null;
  cpu(): number;
  /** CPU-seconds of the main thread alone (the event loop; the rest is workers, GC helpers, libuv). */
  mainThreadCpu(): number;
  rss(): number;
  /** Heap and RSS after a full GC, as the server process itself sees them. */
  mem(): Promise<{ heap: number; rss: number }>;
  /** Starts a V8 CPU profile of the main thread (bench/servers/stats.ts). */
  startProfile(): void;
  /** Stops it and writes it to `file`. */
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A free TCP port on 127.0.0.1 (the stock reference server takes its port from PORT and cannot print it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * coreport's abuse limits are per IP and per user; here every client comes from 127.0.0.1 and receivers share
 * one account, and the trace replays faster than anyone types, so they are raised (the buckets still count).
 */
export const COREPORT_LIMITS = {
  WS_MAX_PER_USER: '100000',
  WS_MAX_PER_IP: '1000000',
  WS_ATTEMPT_RATE: '1000000',
  WS_ATTEMPT_BURST: '10000000',
  WS_MESSAGE_RATE: '1000000',
  WS_MESSAGE_BURST: '10000000',
  WS_BYTE_RATE: String(1024 ** 3),
  WS_BYTE_BURST: String(1024 ** 3),
};

const builds = new Map<string, Promise<unknown>>();
/** Compiles the server of checkout `tree` into its dist/app once per benchmark run (a no-op when up to date). */
function compiled(tree: string): Promise<unknown> {
  let built = builds.get(tree);
  if (!built) {
    built = import(path.join(tree, 'server/build-server.mjs')).then((m) => m.buildServer());
    builds.set(tree, built);
  }
  return built;
}

/**
 * Starts one server as its own process on 127.0.0.1, pinned to the server core; resolves once it listens.
 * `tree` runs coreport from another checkout (a worktree at an earlier commit, to compare in one run).
 */
export async function launch(
  kind: Kind,
  dataDir: string | null = null,
  env: Record<string, string> = {},
  tree = repoRoot,
) {
  // A cluster node is told its port in advance (its NODE_URL names it).
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // Every server runs as plain JavaScript, as in production (coreport compiled as `npm start` runs it):
  // a TypeScript loader would add its own memory and esbuild's keepNames dictionaries to what is measured.
  if (kind === 'coreport') await compiled(tree);
  const node = [process.execPath, '--expose-gc'];
  if (kind === 'coreport' && process.env.BENCH_PROFILE_DIR) {
    node.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`);
  }
  // The entry is this checkout's; it runs the compiled server of `tree` (COREPORT_TREE, bench/servers/coreport.mjs).
  node.push('--import', path.join(repoRoot, 'bench/servers/stats.mjs'), entries[kind]);
  const [cmd, ...args] = hasTaskset ? ['taskset', '-c', String(SERVER_CPU), ...node] : node;
  const child = spawn(cmd!, args, {
    cwd: tree,
    env: {
      ...process.env,
      ...(kind === 'coreport' ? COREPORT_LIMITS : {}),
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      COREPORT_TREE: tree,
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return attach(kind, child, port, dataDir);
}

function attach(kind: Kind, child: ChildProcess, port: number, dataDir: string | null): Promise<ServerProc> {
  const memWaiters: ((m: { heap: number; rss: number }) => void)[] = [];
  const profileWaiters = new Map<string, () => void>();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 20 s`)), 20_000);
    child.once('exit', (code) => reject(new Error(`${kind} exited early (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('mem ')) memWaiters.shift()?.(JSON.parse(line.slice(4)));
      else if (line.startsWith('profiled ')) profileWaiters.get(line.slice(9))?.();
      else if (/^(ready|running at)/.test(line)) {
        clearTimeout(timer);
        const pid = child.pid!;
        resolve({
          kind,
          pid,
          port,
          dataDir,
          cpu: () => cpuSeconds(pid),
          mainThreadCpu: () => threadCpuSeconds(pid, pid),
          rss: () => rssBytes(pid),
          mem: () =>
            new Promise((r) => {
              memWaiters.push(r);
              child.stdin!.write('mem\n');
            }),
          startProfile: () => child.stdin!.write('profile start\n'),
          stopProfile: (file) =>
            new Promise((r) => {
              profileWaiters.set(file, r);
              child.stdin!.write(`profile stop ${file}\n`);
            }),
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
  });
}
