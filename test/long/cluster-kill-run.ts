/**
 * Jepsen-style run across nodes: writers spread over the nodes of a cluster type unique tokens
 * (helpers/token-typing.ts) through stock providers asking for durable acks, into a section of their
 * own and, if asked, into one they all share. A node is SIGKILLed at intervals and restarted: always the
 * report's owner (its lease row), at once or only after its lease has run out so that another node takes
 * the report over; or each node in turn, so that writers lose their forwarding node too and the owner is
 * hit now and then. After every kill the report is read from PostgreSQL alone: every token acknowledged
 * before the kill must be there exactly once. At the end every client, a fresh reader on every node and
 * PostgreSQL must hold the same document. Used by test/cluster/node-kills.test.ts, fast and under soak.
 */
import * as Y from 'yjs';
import type { SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { type Account, addSection, createReport, createUser, setRole } from '../helpers/api.ts';
import { until } from '../helpers/clients.ts';
import type { ClusterNode, TestCluster } from '../helpers/cluster.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import {
  ackedCount,
  auditStored,
  emptyAudit,
  type KillAudit,
  notStoredOnce,
  ownClock,
  sectionTexts,
  startTyping,
  type TokenWriter,
  typedCount,
} from '../helpers/token-typing.ts';

export interface ClusterKillOptions {
  /** The cluster's admin: the run's report is theirs. */
  leader: Account;
  /** Starts the writers' usernames: distinct for each run on one cluster. */
  team: string;
  kills: number;
  writers: number;
  /** How long the cluster runs before each kill: uniform in [minMs, maxMs]. */
  minMs: number;
  maxMs: number;
  /** Which node each kill hits: the report's owner, or the nodes in turn (a, b, c, a, …). */
  victim: 'owner' | 'in turn';
  /** Whether the writers also share one section, each typing into it every other token. */
  sharedSection?: boolean;
  /** Whether the killed owner comes back only after its lease has expired (another node takes over). */
  lateRestart: (kill: number) => boolean;
  /** A writer's pause between tokens: uniform in this range (ms). */
  typingPauseMs?: [number, number];
  leaseTtlMs: number;
  log?: (line: string) => void;
}

/** The audit (token-typing.ts) is of PostgreSQL alone, read after each kill. */
export interface ClusterKillReport extends KillAudit {
  kills: number;
  /** Kills that hit the node owning the report at that moment. */
  ownerKills: number;
  /** Late restarts after which another node, not the restarted one, held the report next. */
  takeovers: number;
  written: number;
  acked: number;
  /** Loads from PostgreSQL that left structs parked (a gap in the log): must be empty. */
  damaged: string[];
  /** Close codes 4400–4499 seen by any client: must be empty. */
  refusals: number[];
  /** Clients or node readers whose document differs from PostgreSQL's at the end: must be empty. */
  diverged: string[];
  /** Tokens not stored exactly once at the end: must be empty. */
  missingAtEnd: string[];
  /** Section versions the history stored for the report (one per change of turn in a shared section). */
  versions: { count: number; bytes: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

/** Same structs and deletions (state vector and delete set), and so the same content. */
const sameDoc = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));

export async function clusterKillRun(
  cluster: TestCluster,
  options: ClusterKillOptions,
): Promise<ClusterKillReport> {
  const log = options.log ?? (() => {});
  const { nodes } = cluster;
  const report: ClusterKillReport = {
    ...emptyAudit(),
    kills: 0,
    ownerKills: 0,
    takeovers: 0,
    written: 0,
    acked: 0,
    damaged: [],
    refusals: [],
    diverged: [],
    missingAtEnd: [],
    versions: { count: 0, bytes: 0 },
  };
  const writers: TokenWriter[] = [];
  const readers: AckClient[] = [];
  let stopTyping = async () => {};
  try {
    const { leader } = options;
    const reportId = await createReport(nodes[1]!.base, leader, '2026年度全省安全生产工作报告');
    const accounts: { id: string; token: string; node: ClusterNode; section: SectionInfo }[] = [];
    for (let i = 0; i < options.writers; i++) {
      const node = nodes[i % nodes.length]!;
      const account = await createUser(node.base, leader, `${options.team}${i}`, `撰稿人${i}`);
      await setRole(node.base, leader, reportId, account.id, 'writer');
      const section = await addSection(node.base, leader, reportId, `第${i + 1}部分`, [account.id]);
      accounts.push({ ...account, node, section });
    }
    const shared = options.sharedSection
      ? [
          await addSection(
            nodes[2 % nodes.length]!.base,
            leader,
            reportId,
            '综合情况',
            accounts.map((a) => a.id),
          ),
        ]
      : [];
    for (const { node, token, section } of accounts) {
      const client = connectWithAcks(node.wsUrl, reportId, token);
      writers.push({ client, sections: [section, ...shared], typed: [] });
    }
    // A leader's reader on every node: they see what is relayed, through their node.
    for (const node of nodes) readers.push(connectWithAcks(node.wsUrl, reportId, leader.token));
    const everyone = () => [...writers.map((w) => w.client), ...readers];
    await until(() => everyone().every((c) => c.provider.synced), 'clients synced', 30_000);
    const [minPause, maxPause] = options.typingPauseMs ?? [5, 15];
    stopTyping = startTyping(writers, () => between(minPause, maxPause));

    // A restart takes a second or two on a loaded machine: the run goes on meanwhile, and a node is
    // killed again only once it is back.
    const restarting = new Map<ClusterNode, Promise<void>>();
    for (let kill = 0; kill < options.kills; kill++) {
      await sleep(between(options.minMs, options.maxMs));
      const owner = await cluster.waitForOwner(reportId, { timeoutMs: options.leaseTtlMs * 5 });
      const victim = options.victim === 'owner' ? owner : nodes[kill % nodes.length]!;
      await restarting.get(victim);
      await victim.kill();
      if (victim === owner) report.ownerKills++;
      // Acks only grow and follow the commit: read before PostgreSQL is, every token up to them is there.
      const acked = writers.map((w) => w.client.ackedClock());
      const stored = await readPgReport(cluster.pool, reportId);
      if (stored.pending) report.damaged.push(`kill ${kill}: parked structs after load`);
      auditStored(`kill ${kill}`, writers, acked, sectionTexts(stored.doc, writers), report);
      report.kills++;
      if (victim === owner && options.lateRestart(kill)) {
        const next = await cluster.waitForOwner(reportId, { not: owner, timeoutMs: options.leaseTtlMs * 5 });
        if (next !== owner) report.takeovers++;
      }
      restarting.set(victim, victim.restart());
      if (kill % 10 === 9 || options.kills < 20)
        log(`kill ${kill + 1}/${options.kills} (${victim.id}): ${JSON.stringify(progress(report, writers))}`);
    }

    await Promise.all(restarting.values());
    await stopTyping();
    report.written = typedCount(writers);
    report.acked = ackedCount(writers);
    // Live writers resend whatever a kill took: in the end everything typed is stored, once.
    await until(
      () => writers.every((w) => w.client.ackedClock() >= ownClock(w.client)),
      'all acknowledged',
      30_000,
    ).catch(() => {}); // judged below
    const final = await readPgReport(cluster.pool, reportId);
    report.missingAtEnd = notStoredOnce(writers, sectionTexts(final.doc, writers));
    const { rows } = await cluster.pool.query(
      'SELECT count(*)::int AS count, coalesce(sum(octet_length(content)), 0)::float8 AS bytes FROM versions WHERE report_id = $1',
      [reportId],
    );
    report.versions = rows[0] as { count: number; bytes: number };
    // A fresh reader on every node, and every client, against PostgreSQL.
    for (const node of nodes) readers.push(connectWithAcks(node.wsUrl, reportId, leader.token));
    const clients = everyone();
    await until(
      () => clients.every((c) => c.provider.synced && sameDoc(c.doc, final.doc)),
      'convergence',
      30_000,
    ).catch(() => {});
    for (const [i, c] of clients.entries()) {
      if (!sameDoc(c.doc, final.doc))
        report.diverged.push(i < writers.length ? `writer ${i}` : `reader ${i}`);
      report.refusals.push(...c.closes.filter((code) => code >= 4400 && code < 4500));
    }
    return report;
  } finally {
    await stopTyping();
    for (const w of writers) w.client.destroy();
    for (const r of readers) r.destroy();
  }
}

function progress(report: ClusterKillReport, writers: TokenWriter[]) {
  return {
    written: typedCount(writers),
    acked: ackedCount(writers),
    ownerKills: report.ownerKills,
    takeovers: report.takeovers,
    lostAcked: report.lostAcked.length,
    duplicates: report.duplicates.length,
    damaged: report.damaged.length,
    unackedLostAtKill: report.unackedLostAtKill,
  };
}
