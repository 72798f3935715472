/**
 * A real coreport cluster for the multi-node tests: one throwaway PostgreSQL (test/helpers/postgres.ts)
 * and N node processes on fixed free ports of 127.0.0.1, each in cluster mode (STORAGE=postgres) on the
 * same database. Each node can be killed (SIGKILL), frozen (SIGSTOP) and resumed, stopped gracefully
 * (SIGTERM) and restarted on its port, from a warm standby (test/helpers/standby.ts), so a restart takes
 * milliseconds. The lease table tells who owns a report.
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { freePort, startPostgres, type TestPostgres } from './postgres.ts';
import { tempDir } from './server.ts';
import { type ServerProcess, Standby } from './standby.ts';

export const CLUSTER_SECRET = 'test-cluster-secret-0123456789abcdef';

export interface ClusterOptions {
  nodes?: number;
  /** LEASE_TTL_MS of every node (at least 2000, the smallest the server accepts); renewal every third. */
  leaseTtlMs?: number;
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** Reuse a running PostgreSQL (the cluster then does not stop it). */
  postgres?: TestPostgres;
  /** Environment for node `index` alone, given the cluster's database URL (e.g. through a proxy). */
  nodeEnv?: (index: number, databaseUrl: string) => Record<string, string>;
}

export interface ClusterNode {
  id: string;
  port: number;
  /** http://127.0.0.1:port */
  base: string;
  /** ws://127.0.0.1:port/ws (what a y-websocket provider is given). */
  wsUrl: string;
  /** Whether a process is serving (or frozen) on the port. */
  readonly running: boolean;
  /** The live process's pid (for signals a test sends itself). */
  readonly pid: number | undefined;
  /** SIGKILL; resolves once the process is gone (its port is free). */
  kill(): Promise<void>;
  /** SIGTERM (graceful: leases released at once); resolves with the exit code. */
  terminate(): Promise<number | null>;
  /** SIGSTOP: the process is frozen (its sockets stay open, nothing runs). */
  stop(): void;
  /** SIGCONT after `stop`. */
  cont(): void;
  /** Starts the node again on its port (after kill or terminate). */
  restart(): Promise<void>;
}

/** A lease row: who holds a report, with which epoch, and whether the lease is still live. */
export interface Lease {
  nodeId: string;
  epoch: number;
  live: boolean;
}

export interface TestCluster {
  postgres: TestPostgres;
  databaseUrl: string;
  nodes: ClusterNode[];
  /** Connections to the cluster's database, for tests reading what is stored. */
  pool: pg.Pool;
  /** The report's lease row (null before anyone claimed it). */
  lease(reportId: string): Promise<Lease | null>;
  /** The node holding a live lease on the report, if any. */
  owner(reportId: string): Promise<ClusterNode | null>;
  /** Waits until a live lease is held by a node other than `not` (default: any), and returns it. */
  waitForOwner(reportId: string, options?: { not?: ClusterNode; timeoutMs?: number }): Promise<ClusterNode>;
  close(): Promise<void>;
}

/** Starts PostgreSQL (unless given) and `nodes` coreport processes on one fresh database. */
export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const count = options.nodes ?? 3;
  const ttl = options.leaseTtlMs ?? 2000;
  const postgres = options.postgres ?? (await startPostgres());
  const ownPostgres = !options.postgres;
  const databaseUrl = await postgres.freshDatabase();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => {}); // PostgreSQL restarted by a test: the next query reconnects
  const standbys: Standby[] = [];
  const nodes: ClusterNode[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const id = `node-${String.fromCharCode(97 + i)}`;
      const standby = new Standby(
        tempDir(`coreport-${id}-`),
        {
          STORAGE: 'postgres',
          DATABASE_URL: databaseUrl,
          NODE_ID: id,
          NODE_URL: `http://127.0.0.1:${port}`,
          CLUSTER_SECRET,
          LEASE_TTL_MS: String(ttl),
          ...options.env,
          ...options.nodeEnv?.(i, databaseUrl),
        },
        1,
      );
      standbys.push(standby);
      nodes.push(clusterNode(id, port, standby));
    }
    // The first migrates the schema; the others then start together and find it done.
    await nodes[0]?.restart();
    await Promise.all(nodes.slice(1).map((node) => node.restart()));
  } catch (err) {
    for (const standby of standbys) standby.dispose();
    await pool.end();
    if (ownPostgres) await postgres.close();
    throw err;
  }

  const lease = async (reportId: string): Promise<Lease | null> => {
    const { rows } = await pool.query(
      'SELECT node_id, epoch::int AS epoch, expires_at > now() AS live FROM leases WHERE report_id = $1',
      [reportId],
    );
    const row = rows[0] as { node_id: string; epoch: number; live: boolean } | undefined;
    return row ? { nodeId: row.node_id, epoch: row.epoch, live: row.live } : null;
  };
  const owner = async (reportId: string) => {
    const held = await lease(reportId);
    return held?.live ? (nodes.find((n) => n.id === held.nodeId) ?? null) : null;
  };
  return {
    postgres,
    databaseUrl,
    nodes,
    pool,
    lease,
    owner,
    async waitForOwner(reportId, { not, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await owner(reportId).catch(() => null);
        if (found && found !== not) return found;
        if (Date.now() > deadline) throw new Error(`no node other than ${not?.id ?? '-'} owns ${reportId}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const node of nodes) if (node.running) node.cont();
      for (const standby of standbys) standby.dispose();
      await pool.end();
      if (ownPostgres) await postgres.close();
    },
  };
}

/** The nodes of a three-node cluster, to name them: `const [a, b, c] = threeNodes(cluster)`. */
export function threeNodes(cluster: TestCluster): [ClusterNode, ClusterNode, ClusterNode] {
  const [a, b, c] = cluster.nodes;
  if (!a || !b || !c) throw new Error('a cluster of three nodes expected');
  return [a, b, c];
}

function clusterNode(id: string, port: number, standby: Standby): ClusterNode {
  let current: ServerProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);
  const signal = async (sig: NodeJS.Signals) => {
    if (!current) throw new Error(`${id} is not running`);
    const { child } = current;
    current = null;
    child.kill(sig);
    if (sig === 'SIGKILL' || sig === 'SIGTERM') child.kill('SIGCONT'); // a frozen process must run to die
    return await exited;
  };
  return {
    id,
    port,
    base: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    get running() {
      return current !== null;
    },
    get pid() {
      return current?.child.pid;
    },
    async kill() {
      await signal('SIGKILL');
    },
    terminate: () => signal('SIGTERM'),
    stop() {
      current?.child.kill('SIGSTOP');
    },
    cont() {
      current?.child.kill('SIGCONT');
    },
    async restart() {
      if (current) throw new Error(`${id} is running`);
      const started = await standby.start(port);
      exited = new Promise((resolve) => {
        if (started.child.exitCode !== null || started.child.signalCode !== null)
          resolve(started.child.exitCode);
        else started.child.once('exit', (code) => resolve(code));
      });
      current = started;
      // A node that dies by itself (a crash the test did not cause) is no longer running.
      void exited.then(() => {
        if (current === started) current = null;
      });
    },
  };
}

/** How long a suite's cluster may take to start: initdb and several cold node processes, on a busy box. */
const STARTUP_TIMEOUT_MS = 240_000;

/**
 * One cluster for a suite: started before its tests, closed after them, also when its start outlasted
 * the hook (the processes it did start are stopped rather than left running).
 */
export function clusterSuite(options: ClusterOptions = {}): { get: () => TestCluster } {
  let starting: Promise<TestCluster> | null = null;
  let cluster: TestCluster | null = null;
  beforeAll(async () => {
    starting = startCluster(options);
    cluster = await starting;
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    const started = await starting?.catch(() => null);
    await started?.close();
  }, STARTUP_TIMEOUT_MS);
  return {
    get: () => {
      if (!cluster) throw new Error('cluster not started');
      return cluster;
    },
  };
}
