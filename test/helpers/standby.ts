import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './server.ts';

let bundled: Promise<string[]> | null = null;

/**
 * The command line of a standby: the same server code bundled into one file by esbuild (tsx's own
 * compiler, already installed), which starts in about a third of the time tsx needs to load ~100 files;
 * tsx itself if bundling is not possible.
 */
function standbyCommand(): Promise<string[]> {
  const entry = path.join(repoRoot, 'test/helpers/standby-process.ts');
  bundled ??= (async () => {
    try {
      const { build } = await import('esbuild');
      const outfile = path.join(repoRoot, 'node_modules/.cache/coreport-test', `standby-${process.pid}.mjs`);
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        external: ['better-sqlite3'],
        outfile,
        logLevel: 'warning',
        banner: {
          // Aliased: bundled modules may import createRequire themselves (pg's worker bridge does).
          js: "import { createRequire as __standbyRequire } from 'node:module'; const require = __standbyRequire(import.meta.url);",
        },
      });
      process.once('exit', () => fs.rmSync(outfile, { force: true }));
      return [outfile];
    } catch {
      return ['--import', 'tsx', entry];
    }
  })();
  return bundled;
}

/** A server child process started from a warm standby (see standby-process.ts). */
export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      onLine(buffered.slice(0, at).trim());
      buffered = buffered.slice(at + 1);
    }
  });
}

/** Spawns warm standbys one after another, so that a restart after a kill takes milliseconds. */
export class Standby {
  private readonly pool: Promise<ChildProcess>[] = [];
  private readonly all = new Set<ChildProcess>();

  constructor(
    private readonly dataDir: string,
    private readonly env: Record<string, string> = {},
    /** Processes kept warm: a kill loop faster than one warm-up still restarts at once. */
    private readonly poolSize = 2,
  ) {}

  private async warm(): Promise<ChildProcess> {
    const child = spawn(process.execPath, await standbyCommand(), {
      cwd: repoRoot,
      env: { ...process.env, HOST: '127.0.0.1', ...this.env, DATA_DIR: this.dataDir },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.all.add(child);
    child.once('exit', () => this.all.delete(child));
    return await new Promise((resolve, reject) => {
      lines(child, (line) => {
        if (line === 'ready') resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`standby exited early (${code})`)));
    });
  }

  /** Starts serving on `port` (0: any) from a warm process, and warms the next ones. */
  async start(port = 0): Promise<ServerProcess> {
    const child = await this.take();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const listening = new Promise<number>((resolve, reject) => {
      lines(child, (line) => {
        if (/^\d+$/.test(line)) resolve(Number(line));
      });
      child.once('exit', (code) => reject(new Error(`server exited before listening (${code})`)));
    });
    // A child dying between the check and the write must reject `listening`, not throw EPIPE at large.
    child.stdin!.on('error', () => {});
    child.stdin!.write(`${port}\n`);
    const stop = (signal: NodeJS.Signals) => {
      child.kill(signal);
      return exited;
    };
    return { port: await listening, child, stop };
  }

  /**
   * A warm process still alive, and the pool topped up. One that died while it waited (seen once at load
   * average 20+: its stdin then threw EPIPE and the restart waited for an exit that had already happened)
   * is replaced by a fresh one; three failures in a row are an error.
   */
  private async take(): Promise<ChildProcess> {
    let failure: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = this.pool.shift() ?? this.warm();
      while (this.pool.length < this.poolSize) {
        const warming = this.warm();
        warming.catch(() => {});
        this.pool.push(warming);
      }
      try {
        const child = await next;
        if (child.exitCode === null && child.signalCode === null) return child;
        failure = new Error(`warm standby had exited (${child.exitCode ?? child.signalCode})`);
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }

  /** Kills every process this standby spawned. */
  dispose(): void {
    for (const child of this.all) child.kill('SIGKILL');
    this.all.clear();
  }
}
