/**
 * Jepsen-style run across nodes: writers spread over the nodes of a cluster type unique tokens through
 * stock providers asking for durable acks; the node owning the report (its lease row) is SIGKILLed at
 * random moments and restarted, at once or only after its lease has run out (so that another node takes
 * the report over). After every kill the report is read from PostgreSQL alone: every token acknowledged
 * before the kill must be there exactly once. At the end every client, a fresh reader on every node and
 * PostgreSQL must hold the same document. Used by the fast test (20 kills) and `npm run soak` (200).
 */
import * as Y from 'yjs';
import type { SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import type { ClusterNode, TestCluster } from '../helpers/cluster.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';

export interface ClusterKillOptions {
  kills: number;
  writers: number;
  /** How long the cluster runs before each kill: uniform in [minMs, maxMs]. */
  minMs: number;
  maxMs: number;
  /** Whether the killed node comes back only after its lease has expired (another node takes over). */
  lateRestart: (kill: number) => boolean;
  leaseTtlMs: number;
  log?: (line: string) => void;
}

export interface ClusterKillReport {
  kills: number;
  /** Kills after which another node, not the restarted one, held the report next. */
  takeovers: number;
  written: number;
  acked: number;
  /** Acknowledged tokens missing from PostgreSQL after a kill: must be empty. */
  lostAcked: string[];
  duplicates: string[];
  /** Loads from PostgreSQL that left structs parked (a gap in the log): must be empty. */
  damaged: string[];
  /** Unacknowledged tokens missing at a kill, summed (allowed: their writers resend them). */
  unackedLostAtKill: number;
  /** Close codes 4400–4499 seen by any client: must be empty. */
  refusals: number[];
  /** Clients or node readers whose document differs from PostgreSQL's at the end: must be empty. */
  diverged: string[];
  /** Tokens not stored exactly once at the end: must be empty. */
  missingAtEnd: string[];
}

const TOKEN = /w\d+-\d+。/g;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

interface Writer {
  client: AckClient;
  section: SectionInfo;
  tokens: { token: string; clock: number }[];
}

function countTokens(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const t of text.match(TOKEN) ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Same structs and deletions (state vector and delete set), and so the same content. */
const sameDoc = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));

export async function clusterKillRun(
  cluster: TestCluster,
  options: ClusterKillOptions,
): Promise<ClusterKillReport> {
  const log = options.log ?? (() => {});
  const { nodes } = cluster;
  const report: ClusterKillReport = {
    kills: 0,
    takeovers: 0,
    written: 0,
    acked: 0,
    lostAcked: [],
    duplicates: [],
    damaged: [],
    unackedLostAtKill: 0,
    refusals: [],
    diverged: [],
    missingAtEnd: [],
  };
  const writers: Writer[] = [];
  const readers: AckClient[] = [];
  let typing = true;
  try {
    const leader = await registerAdmin(nodes[0]!.base);
    const reportId = await createReport(nodes[1]!.base, leader, '2026年度全省安全生产工作报告');
    for (let i = 0; i < options.writers; i++) {
      const node = nodes[i % nodes.length]!;
      const account = await createUser(node.base, leader, `writer${i}`, `撰稿人${i}`);
      await setRole(node.base, leader, reportId, account.id, 'writer');
      const section = await addSection(node.base, leader, reportId, `第${i + 1}部分`, [account.id]);
      writers.push({ client: connectWithAcks(node.wsUrl, reportId, account.token), section, tokens: [] });
    }
    // A leader's reader on every node: they see what is relayed, through their node.
    for (const node of nodes) readers.push(connectWithAcks(node.wsUrl, reportId, leader.token));
    const everyone = () => [...writers.map((w) => w.client), ...readers];
    await until(() => everyone().every((c) => c.provider.synced), 'clients synced', 30_000);

    const loops = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        const token = `w${i}-${n}。`;
        typeInto(w.client.doc, w.section.id, token, bodyText(w.client.doc, w.section.id).length);
        w.tokens.push({ token, clock: Y.getState(w.client.doc.store, w.client.doc.clientID) });
        await sleep(between(5, 15));
      }
    });

    // A restart takes a second or two on a loaded machine: the run goes on meanwhile, and a node is
    // killed again only once it is back.
    const restarting = new Map<ClusterNode, Promise<void>>();
    for (let kill = 0; kill < options.kills; kill++) {
      await sleep(between(options.minMs, options.maxMs));
      const owner = await cluster.waitForOwner(reportId, { timeoutMs: options.leaseTtlMs * 5 });
      await restarting.get(owner);
      await owner.kill();
      // Acks only ever grow, and only the owner sends them: read after the kill, they are all from before it.
      const acked = writers.map((w) => w.client.ackedClock());
      const stored = await readPgReport(cluster.pool, reportId);
      if (stored.pending) report.damaged.push(`kill ${kill}: parked structs after load`);
      const counts = countTokens(writers.map((w) => bodyText(stored.doc, w.section.id)));
      for (const [i, w] of writers.entries()) {
        for (const { token, clock } of w.tokens) {
          const n = counts.get(token) ?? 0;
          if (n > 1) report.duplicates.push(`kill ${kill}: ${token} ×${n}`);
          if (n === 0 && clock <= acked[i]!) report.lostAcked.push(`kill ${kill}: ${token}`);
          if (n === 0 && clock > acked[i]!) report.unackedLostAtKill++;
        }
      }
      report.kills++;
      if (options.lateRestart(kill)) {
        const next = await cluster.waitForOwner(reportId, { not: owner, timeoutMs: options.leaseTtlMs * 5 });
        if (next !== owner) report.takeovers++;
      }
      restarting.set(owner, owner.restart());
      if (kill % 10 === 9)
        log(`kill ${kill + 1}/${options.kills}: ${JSON.stringify(summary(report, writers))}`);
    }

    await Promise.all(restarting.values());
    typing = false;
    await Promise.all(loops);
    report.written = writers.reduce((n, w) => n + w.tokens.length, 0);
    report.acked = writers.reduce(
      (n, w) => n + w.tokens.filter((t) => t.clock <= w.client.ackedClock()).length,
      0,
    );
    // Live writers resend whatever a kill took: in the end everything typed is stored, once.
    const clock = (c: AckClient) => Y.getState(c.doc.store, c.doc.clientID);
    await until(
      () => writers.every((w) => w.client.ackedClock() >= clock(w.client)),
      'all acknowledged',
      30_000,
    ).catch(() => {}); // judged below
    const final = await readPgReport(cluster.pool, reportId);
    const counts = countTokens(writers.map((w) => bodyText(final.doc, w.section.id)));
    report.missingAtEnd = writers
      .flatMap((w) => w.tokens.map((t) => t.token))
      .filter((t) => counts.get(t) !== 1);
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
    typing = false;
    for (const w of writers) w.client.destroy();
    for (const r of readers) r.destroy();
  }
}

function summary(report: ClusterKillReport, writers: Writer[]) {
  return {
    written: writers.reduce((n, w) => n + w.tokens.length, 0),
    takeovers: report.takeovers,
    lostAcked: report.lostAcked.length,
    duplicates: report.duplicates.length,
    damaged: report.damaged.length,
    unackedLostAtKill: report.unackedLostAtKill,
  };
}
