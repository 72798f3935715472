/**
 * PostgreSQL for cluster tests: `COREPORT_TEST_DATABASE_URL` if set, else a throwaway cluster made with
 * the installed binaries (`initdb` in a temp dir, as the `postgres` user when running as root, on a free
 * port of 127.0.0.1, its socket in the temp dir), stopped and removed after the suite.
 *
 * When neither is there:
 * - under `CI=true` importing this module throws, so the suite fails;
 * - otherwise a loud warning is printed and `postgres.available` is false. Suites use `describePostgres`,
 *   which then registers one test, named to say the suite did not run, asserting PostgreSQL is absent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const givenUrl = process.env.COREPORT_TEST_DATABASE_URL || null;

function findBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

const binDir = givenUrl ? null : findBinDir();
const available = givenUrl !== null || binDir !== null;

if (!available) {
  const message =
    'PostgreSQL not found (set COREPORT_TEST_DATABASE_URL, or apt-get install postgresql for /usr/lib/postgresql/*/bin)';
  if (process.env.CI === 'true') throw new Error(`${message}: cluster tests cannot run under CI`);
  console.warn(`\n${'!'.repeat(78)}\n!! POSTGRESQL TESTS NOT RUN: ${message}\n${'!'.repeat(78)}\n`);
}

export const postgres = { available, binDir, givenUrl };

/** `describe` for a suite needing PostgreSQL; without it (and not under CI) one test says it did not run. */
export function describePostgres(name: string, body: () => void): void {
  if (postgres.available) {
    describe(name, body);
    return;
  }
  it(`${name}: NOT RUN, PostgreSQL missing`, () => {
    expect(findBinDir()).toBeNull();
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A running PostgreSQL (ours or the given one). */
export interface TestPostgres {
  /** URL of the maintenance database (`postgres`). */
  url: string;
  port: number;
  /** A new, empty database; returns its URL. */
  freshDatabase(): Promise<string>;
  /** `pg_ctl restart -m immediate`: a crash and recovery, as a machine losing power would see (not for a given URL). */
  restartImmediate(): void;
  /** `pg_ctl stop -m immediate`: PostgreSQL crashes (every connection cut); `start` recovers it. */
  stopImmediate(): void;
  stop(): void;
  start(): void;
  close(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): string {
  const file = path.join(binDir!, bin);
  const command = asRoot ? 'runuser' : file;
  const full = asRoot ? ['-u', 'postgres', '--', file, ...args] : args;
  return execFileSync(command, full, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let counter = 0;

/** Starts a throwaway cluster (or connects to COREPORT_TEST_DATABASE_URL). */
export async function startPostgres(): Promise<TestPostgres> {
  if (givenUrl) return wrap(givenUrl, 0, null);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coreport-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sock');
  fs.mkdirSync(sockets);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    `-k ${sockets}`,
    "-c listen_addresses='127.0.0.1'",
    // A throwaway cluster: no fsync (commits still survive a crash of the server process, not of the OS).
    '-c fsync=off',
    '-c max_connections=200',
  ].join(' ');
  const ctl = {
    start: () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', opts, '-w', 'start']),
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    stopImmediate: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    restart: () =>
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(dir, 'log'),
        '-o',
        opts,
        '-m',
        'immediate',
        '-w',
        'restart',
      ]),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  ctl.start();
  return wrap(`postgres://postgres@127.0.0.1:${port}/postgres`, port, ctl);
}

function wrap(
  url: string,
  port: number,
  ctl: { start(): void; stop(): void; stopImmediate(): void; restart(): void; remove(): void } | null,
): TestPostgres {
  const created: string[] = [];
  const notOurs = () => {
    throw new Error('COREPORT_TEST_DATABASE_URL is not ours to stop or restart');
  };
  return {
    url,
    port: port || Number(new URL(url).port || 5432),
    async freshDatabase() {
      const name = `coreport_test_${process.pid}_${Date.now()}_${counter++}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    restartImmediate: () => (ctl ? ctl.restart() : notOurs()),
    stop: () => (ctl ? ctl.stop() : notOurs()),
    stopImmediate: () => (ctl ? ctl.stopImmediate() : notOurs()),
    start: () => (ctl ? ctl.start() : notOurs()),
    async close() {
      if (ctl) {
        try {
          ctl.stop();
        } catch {
          // already stopped
        }
        ctl.remove();
        return;
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** One PostgreSQL for the suite: started before its tests, removed after. */
export function postgresSuite(): { get: () => TestPostgres } {
  let pgServer: TestPostgres | undefined;
  beforeAll(async () => {
    pgServer = await startPostgres();
  });
  afterAll(async () => {
    await pgServer?.close();
  });
  return {
    get: () => {
      if (!pgServer) throw new Error('PostgreSQL not started');
      return pgServer;
    },
  };
}
