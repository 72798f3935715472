/**
 * `npm run bench -- --cluster`: the cost of cluster mode (docs/performance.md, "Cluster mode").
 * Single node on SQLite, single node on PostgreSQL, three nodes with the clients on the owner (0 hops)
 * and on another node (1 hop: every frame passes through a forwarding node): per edit, ms to the durable
 * ack and to a reader, and CPU summed over every node process; then failover, the ms from killing the
 * owner (SIGKILL, then SIGTERM) to the first acknowledged edit again through a surviving node.
 * Edits are sequential (one in flight), so latencies are unloaded; the machine may be shared, so
 * compare the rows of one run.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Account, addSection, createReport, registerAdmin } from '../../test/helpers/api.ts';
import { startPostgres } from '../../test/helpers/postgres.ts';
import { cpuSecondsOf } from '../lib/proc.ts';
import { summarize } from '../lib/profile-summary.ts';
import { COREPORT_LIMITS, freePort, launch, repoRoot, type ServerProc, tempDir } from '../lib/servers.ts';
import { quantile, quantileDiffInterval, sleep } from '../lib/stats.ts';
import { ackedAgainAfter, probe } from './probe.ts';

const EDITS = Number(process.env.BENCH_CLUSTER_EDITS ?? 300);
const GAP_MS = 20;
const SECRET = 'bench-cluster-secret-0123456789abcdef';
/** `--profile`: a CPU profile of every node's main thread over each measured window, summarised. */
const PROFILE_DIR = process.argv.includes('--profile') ? path.join(repoRoot, 'bench/results/profiles') : null;

export interface Row {
  setup: string;
  ackP50: number;
  ackP99: number;
  relayP50: number;
  relayP99: number;
  cpuMsPerEdit: number;
  /** Of `cpuMsPerEdit`, what the nodes' main threads (event loops) used. */
  mainMsPerEdit: number;
  /** PostgreSQL's own processes (backends and background), not in `cpuMsPerEdit`; null on SQLite. */
  pgMsPerEdit: number | null;
}

/** PostgreSQL's process ids (every backend and background process, not the monitoring one). */
async function postgresPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()');
    return rows.map((r) => Number(r.pid));
  } finally {
    await client.end();
  }
}

export async function measure(
  setup: string,
  nodes: ServerProc[],
  writerBase: string,
  readerBase: string,
  ownerBase: string,
  given?: Account,
  databaseUrl?: string,
) {
  const leader = given ?? (await registerAdmin(ownerBase, 'benchlead', '基准'));
  const reportId = await createReport(ownerBase, leader, `基准${setup}`);
  const section = await addSection(ownerBase, leader, reportId, '一、主要工作');
  const ws = (base: string) => `${base.replace('http', 'ws')}/ws`;
  const p = probe(ws(writerBase), ws(readerBase), reportId, leader.token, section.id);
  if (!(await p.synced())) throw new Error(`${setup}: clients did not sync`);
  for (let i = 0; i < 30; i++) await p.edit(); // warm-up
  // A full GC on every node first: a major collection left over from start-up would otherwise land in
  // one setup's window and not another's (the largest single swing between runs).
  for (const n of nodes) await n.mem();
  // Processes present throughout the window (one that comes and goes meanwhile is missed).
  const pgPids = databaseUrl ? await postgresPids(databaseUrl) : [];
  const pg0 = cpuSecondsOf(pgPids);
  const main0 = nodes.reduce((s, n) => s + n.mainThreadCpu(), 0);
  const cpu0 = nodes.reduce((s, n) => s + n.cpu(), 0);
  if (PROFILE_DIR) for (const n of nodes) n.startProfile();
  const acks: number[] = [];
  const relays: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const r = await p.edit();
    if (r) {
      acks.push(r[0]);
      relays.push(r[1]);
    }
    await sleep(GAP_MS);
  }
  const cpu = nodes.reduce((s, n) => s + n.cpu(), 0) - cpu0;
  const main = nodes.reduce((s, n) => s + n.mainThreadCpu(), 0) - main0;
  const pgCpu = cpuSecondsOf(pgPids) - pg0;
  p.destroy();
  if (PROFILE_DIR) await profiles(setup, nodes);
  const row: Row = {
    setup,
    ackP50: quantile(acks, 0.5),
    ackP99: quantile(acks, 0.99),
    relayP50: quantile(relays, 0.5),
    relayP99: quantile(relays, 0.99),
    cpuMsPerEdit: (cpu * 1000) / EDITS,
    mainMsPerEdit: (main * 1000) / EDITS,
    pgMsPerEdit: databaseUrl ? (pgCpu * 1000) / EDITS : null,
  };
  console.log(JSON.stringify(row));
  return { row, leader };
}

/** Writes each node's profile of the window just measured and prints where its busy time went. */
async function profiles(setup: string, nodes: ServerProc[]) {
  fs.mkdirSync(PROFILE_DIR!, { recursive: true });
  for (const [i, n] of nodes.entries()) {
    const file = path.join(PROFILE_DIR!, `cluster-${setup.replace(/\W+/g, '-')}-node${i}.cpuprofile`);
    await n.stopProfile(file);
    console.log(summarize(file, EDITS).join('\n'));
  }
}

/**
 * The hop's cost with the machine's noise cancelled out: a probe on the owner and one through another
 * node, on two reports the owner holds, edit in turns; p50/p99 of each and their difference.
 */
async function hopCost(owner: ServerProc, other: ServerProc, leader: Account) {
  const ws = (n: ServerProc) => `${base(n).replace('http', 'ws')}/ws`;
  const probes = [];
  for (const via of [owner, other]) {
    const reportId = await createReport(base(owner), leader, '跳转开销');
    const section = await addSection(base(owner), leader, reportId, '一、主要工作');
    const p = probe(ws(via), ws(via), reportId, leader.token, section.id);
    if (!(await p.synced())) throw new Error('hop probes did not sync');
    probes.push(p);
  }
  const acks: number[][] = [[], []];
  for (let i = 0; i < 30; i++) for (const p of probes) await p.edit();
  for (let i = 0; i < EDITS; i++) {
    for (const [k, p] of probes.entries()) {
      const r = await p.edit();
      if (r) acks[k]!.push(r[0]);
      await sleep(GAP_MS / 2);
    }
  }
  for (const p of probes) p.destroy();
  const [zero, one] = acks as [number[], number[]];
  return {
    zeroP50: quantile(zero, 0.5),
    zeroP99: quantile(zero, 0.99),
    oneP50: quantile(one, 0.5),
    oneP99: quantile(one, 0.99),
    p50Interval: quantileDiffInterval(zero, one, 0.5),
    p99Interval: quantileDiffInterval(zero, one, 0.99),
  };
}

export async function clusterNodes(
  databaseUrl: string,
  count: number,
  env: Record<string, string> = {},
  tree?: string,
) {
  const nodes: ServerProc[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    nodes.push(
      await launch(
        'coreport',
        tempDir('coreport-bench-node-'),
        {
          STORAGE: 'postgres',
          DATABASE_URL: databaseUrl,
          NODE_ID: `bench-${i}`,
          NODE_URL: `http://127.0.0.1:${port}`,
          CLUSTER_SECRET: SECRET,
          PORT: String(port),
          ...env,
        },
        tree,
      ),
    );
  }
  return nodes;
}

const interval = ([lo, hi]: [number, number]) => `${lo.toFixed(2)} … ${hi.toFixed(2)} ms`;

export const base = (n: ServerProc) => `http://127.0.0.1:${n.port}`;

export async function clusterBench(): Promise<void> {
  console.log(
    `coreport cluster bench: ${EDITS} sequential edits per setup; limits raised as in npm run bench`,
  );
  void COREPORT_LIMITS;
  const postgres = await startPostgres();
  const rows: Row[] = [];
  const failover: Record<string, number> = {};
  let hops: Awaited<ReturnType<typeof hopCost>> | null = null;
  try {
    const sqlite = await launch('coreport', tempDir('coreport-bench-sqlite-'));
    rows.push((await measure('1 node, SQLite', [sqlite], base(sqlite), base(sqlite), base(sqlite))).row);
    await sqlite.stop();

    const singleDb = await postgres.freshDatabase();
    const single = await clusterNodes(singleDb, 1);
    const one = base(single[0]!);
    rows.push((await measure('1 node, PostgreSQL', single, one, one, one, undefined, singleDb)).row);
    for (const n of single) await n.stop();

    const clusterDb = await postgres.freshDatabase();
    const three = await clusterNodes(clusterDb, 3);
    const [a, b, c] = three as [ServerProc, ServerProc, ServerProc];
    const zeroHops = await measure('3 nodes, 0 hops', three, base(a), base(a), base(a), undefined, clusterDb);
    rows.push(zeroHops.row);
    const hop = await measure('3 nodes, 1 hop', three, base(b), base(b), base(a), zeroHops.leader, clusterDb);
    rows.push(hop.row);
    hops = await hopCost(a, b, zeroHops.leader);
    console.log(JSON.stringify(hops));

    // Failover: the owner A dies; the clients are on C, which forwards to A until it can take over.
    const leases = new pg.Pool({ connectionString: clusterDb, max: 1 });
    try {
      failover['SIGKILL (kill -9)'] = await failoverAfter(
        a,
        'bench-0',
        c,
        hop.leader.token,
        'SIGKILL',
        leases,
      );
      // And a graceful stop of the next owner (B, which gets the report created through it).
      failover.SIGTERM = await failoverAfter(b, 'bench-1', c, hop.leader.token, 'SIGTERM', leases);
    } finally {
      await leases.end();
    }
    for (const n of three) await n.stop();
  } finally {
    await postgres.close();
  }
  const [sqliteRow, , zero, one] = rows as [Row, Row, Row, Row];
  const table = [
    '| setup | ack p50 ms | ack p99 ms | to reader p50 ms | to reader p99 ms | CPU ms per edit (all nodes) | of which main threads | PostgreSQL CPU ms per edit |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${r.ackP50.toFixed(2)} | ${r.ackP99.toFixed(2)} | ${r.relayP50.toFixed(2)} | ${r.relayP99.toFixed(2)} | ${r.cpuMsPerEdit.toFixed(3)} | ${r.mainMsPerEdit.toFixed(3)} | ${r.pgMsPerEdit === null ? '—' : r.pgMsPerEdit.toFixed(3)} |`,
    ),
    '',
    `ack through the owner vs through another node, edits in turns: p50 ${hops!.zeroP50.toFixed(2)} vs ${hops!.oneP50.toFixed(2)} ms (+${(hops!.oneP50 - hops!.zeroP50).toFixed(2)} per hop, 95 % interval ${interval(hops!.p50Interval)}), p99 ${hops!.zeroP99.toFixed(2)} vs ${hops!.oneP99.toFixed(2)} ms (+${(hops!.oneP99 - hops!.zeroP99).toFixed(2)}, ${interval(hops!.p99Interval)})`,
    `(sequential rows: 1 hop − 0 hops, ack p50 ${(one.ackP50 - zero.ackP50).toFixed(2)} ms, p99 ${(one.ackP99 - zero.ackP99).toFixed(2)} ms)`,
    `CPU per edit, 3 nodes at 0 hops / 1 node SQLite: ${(zero.cpuMsPerEdit / sqliteRow.cpuMsPerEdit).toFixed(2)}× (with PostgreSQL's processes: ${((zero.cpuMsPerEdit + (zero.pgMsPerEdit ?? 0)) / sqliteRow.cpuMsPerEdit).toFixed(2)}×)`,
    ...Object.entries(failover).map(
      ([how, ms]) => `failover after ${how}: ${ms.toFixed(0)} ms to the next acknowledged edit`,
    ),
  ].join('\n');
  console.log(`\n${table}`);
  const out = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'cluster.json'),
    JSON.stringify({ at: new Date().toISOString(), rows, hops, failover }, null, 2),
  );
}

/** Creates a report through `owner` (it holds it), clients through `via`; signals the owner; ms to the next ack. */
async function failoverAfter(
  owner: ServerProc,
  ownerId: string,
  via: ServerProc,
  token: string,
  signal: NodeJS.Signals,
  leases: pg.Pool,
) {
  const reportId = await createReport(base(owner), { id: '', token, displayName: '' }, `故障切换${signal}`);
  const section = await addSection(base(owner), { id: '', token, displayName: '' }, reportId, '一、情况');
  const ws = `${base(via).replace('http', 'ws')}/ws`;
  const p = probe(ws, ws, reportId, token, section.id);
  if (!(await p.synced())) throw new Error('failover clients did not sync');
  for (let i = 0; i < 10; i++) await p.edit();
  const since = performance.now();
  process.kill(owner.pid, signal);
  const movedOn = async () => {
    const { rows } = await leases.query(
      'SELECT node_id FROM leases WHERE report_id = $1 AND expires_at > now()',
      [reportId],
    );
    return rows.length === 1 && rows[0].node_id !== ownerId;
  };
  const ms = await ackedAgainAfter(p, since, movedOn);
  p.destroy();
  return ms;
}
