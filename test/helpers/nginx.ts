/**
 * nginx (Debian's /usr/sbin/nginx) as the load balancer in front of cluster nodes, running
 * deploy/nginx-coreport.conf itself (the config docs/deploy.md documents) with its listen and server
 * lines pointed at this machine's test ports, in a temp prefix. Its access log says, per request,
 * which node nginx chose.
 *
 * Without nginx: a loud warning, `nginx.available` false (suites skip); under `CI=true` importing this
 * module throws, so the suite fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { it } from 'vitest';
import { describePostgres, freePort } from './postgres.ts';
import { repoRoot, tempDir } from './server.ts';

const BINARY = '/usr/sbin/nginx';
const available = fs.existsSync(BINARY);
if (!available) {
  const message = `nginx not found at ${BINARY} (apt-get install nginx)`;
  if (process.env.CI === 'true') throw new Error(`${message}: the balancer tests cannot run under CI`);
  console.warn(`\n${'!'.repeat(78)}\n!! NGINX TESTS NOT RUN: ${message}\n${'!'.repeat(78)}\n`);
}
export const nginx = { available };

/** `describe` for a suite needing PostgreSQL and nginx; without nginx (not under CI) one test says it did not run. */
export function describeBalanced(name: string, body: () => void): void {
  if (available) describePostgres(name, body);
  else
    it(`${name}: NOT RUN, nginx missing`, () => {
      if (fs.existsSync(BINARY)) throw new Error('nginx is there after all');
    });
}

/** One request as nginx logged it (a WebSocket is logged when it closes). */
export interface Routed {
  report: string;
  /** host:port of the node nginx passed it to (the last one tried). */
  upstream: string;
  status: number;
  uri: string;
}

export interface TestNginx {
  port: number;
  base: string;
  wsUrl: string;
  /** Everything logged so far. */
  routed(): Routed[];
  /** nginx's error log (upstreams it could not reach). */
  errors(): string;
  close(): Promise<void>;
}

/** deploy/nginx-coreport.conf with its upstream servers and listen address replaced, inside a main config. */
export function nginxConfig(dir: string, port: number, nodePorts: number[]): string {
  const site = fs
    .readFileSync(path.join(repoRoot, 'deploy/nginx-coreport.conf'), 'utf8')
    .replace(/^\s*server 10\.0\.0\.\d+:8080 (.*)$/gm, '')
    .replace(
      /hash \$report consistent;/,
      `hash $report consistent;\n${nodePorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}`,
    )
    .replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`);
  if (!site.includes(`127.0.0.1:${port}`) || !site.includes(`127.0.0.1:${nodePorts[0]}`))
    throw new Error('deploy/nginx-coreport.conf no longer has the lines the test replaces');
  return `
worker_processes 1;
worker_shutdown_timeout 1s;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format routed '$report $upstream_addr $status $request_uri';
  access_log ${dir}/access.log routed;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
${site}
}
`;
}

/** Starts nginx in front of `nodePorts` on a free port of 127.0.0.1. */
export async function startNginx(nodePorts: number[]): Promise<TestNginx> {
  const dir = tempDir('coreport-nginx-');
  fs.chmodSync(dir, 0o777); // workers run as nobody when started as root
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(dir, port, nodePorts));
  const child: ChildProcess = spawn(
    BINARY,
    ['-p', dir, '-e', `${dir}/error.log`, '-c', conf, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`nginx did not start: ${stderr}${readOr(`${dir}/error.log`)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    routed: () =>
      readOr(`${dir}/access.log`)
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [report, upstream, status, uri] = line.split(' ');
          return {
            report: report === '-' ? '' : report!,
            upstream: upstream!,
            status: Number(status),
            uri: uri!,
          };
        }),
    errors: () => readOr(`${dir}/error.log`),
    async close() {
      child.kill('SIGQUIT'); // graceful: finishes the log
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
