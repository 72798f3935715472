/**
 * A zombie owner: the node serving a report is frozen (SIGSTOP) for twice the lease TTL while writers
 * on the other nodes keep typing. Another node takes the report over and acknowledges their edits
 * meanwhile (the forwarding nodes cut their pipes to the frozen owner once its lease is gone, see
 * server/cluster/pipe-watch.ts). Resumed (SIGCONT), the old owner finds its lease gone and closes its
 * room with 1012/1013, never 44xx; it writes nothing more (the epoch fences it), it does not take the
 * report back, nothing acknowledged is lost and the snapshot never goes backwards.
 */
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import { clusterSuite } from '../helpers/cluster.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres } from '../helpers/postgres.ts';

const TTL = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A pasted page: large enough (over 64 KiB) that storing it makes the owner compact the log. */
const PAGE = '各地区各部门认真贯彻落实安全生产责任制，'.repeat(1300);

describePostgres('a frozen owner (SIGSTOP for 2× TTL)', () => {
  const suite = clusterSuite({ nodes: 3, leaseTtlMs: TTL });
  const writers: AckClient[] = [];
  afterAll(() => {
    for (const w of writers) w.destroy();
  });

  it('is replaced while frozen, fenced when resumed, and nothing acknowledged is lost', async () => {
    const cluster = suite.get();
    const [a, b, c] = cluster.nodes as [
      (typeof cluster.nodes)[0],
      (typeof cluster.nodes)[0],
      (typeof cluster.nodes)[0],
    ];
    const leader = await registerAdmin(a.base);
    const reportId = await createReport(a.base, leader, '2026年安全生产专项整治报告');
    expect(await cluster.owner(reportId)).toBe(a);
    const sections: SectionInfo[] = [];
    // One writer on the owner itself, one on each other node (their sockets are piped to the owner).
    for (const [i, node] of [a, b, c].entries()) {
      const account = await createUser(a.base, leader, `writer${i}`, `撰稿人${i}`);
      await setRole(a.base, leader, reportId, account.id, 'writer');
      sections.push(await addSection(a.base, leader, reportId, `第${i + 1}部分`, [account.id]));
      writers.push(connectWithAcks(node.wsUrl, reportId, account.token));
    }
    await until(() => writers.every((w) => w.provider.synced), 'writers synced', 20_000);

    // The stored log's high-water marks, watched all along: neither may ever go back.
    const marks: { snapshot: number; seq: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const { rows } = await cluster.pool
          .query(
            `SELECT coalesce((SELECT upto_seq FROM snapshots WHERE report_id = $1), 0)::int AS snapshot,
                    greatest((SELECT upto_seq FROM snapshots WHERE report_id = $1),
                             (SELECT max(seq) FROM updates WHERE report_id = $1), 0)::int AS seq`,
            [reportId],
          )
          .catch(() => ({ rows: [] }));
        if (rows[0]) marks.push(rows[0] as { snapshot: number; seq: number });
        await sleep(25);
      }
    })();

    const tokens: string[][] = [[], [], []];
    let typing = true;
    const loops = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        const token = `w${i}-${n}。`;
        typeInto(w.doc, sections[i]!.id, token, bodyText(w.doc, sections[i]!.id).length);
        tokens[i]!.push(token);
        await sleep(10);
      }
    });
    const clock = (w: AckClient) => Y.getState(w.doc.store, w.doc.clientID);
    const paste = (i: number) => {
      const w = writers[i]!;
      typeInto(w.doc, sections[i]!.id, PAGE, bodyText(w.doc, sections[i]!.id).length);
      return clock(w);
    };
    await sleep(300);
    const firstPaste = paste(1);
    await until(() => writers[1]!.ackedClock() >= firstPaste, 'the first page stored', 10_000);

    const epochBefore = (await cluster.lease(reportId))!.epoch;
    a.stop();
    const frozenAt = Date.now();
    const ackedAtFreeze = writers.map((w) => w.ackedClock());
    const closesAtFreeze = writers[0]!.closes.length;
    await sleep(TTL);
    const secondPaste = paste(2); // while frozen: stored (and compacted) by the new owner
    await sleep(Math.max(0, 2 * TTL - (Date.now() - frozenAt)));
    // Frozen for 2× TTL, and on until the writers elsewhere are served (slow on a loaded machine).
    await until(
      () => writers[1]!.ackedClock() > ackedAtFreeze[1]! && writers[2]!.ackedClock() >= secondPaste,
      'the other writers served while the owner is frozen',
      20_000,
    ).catch(() => {}); // judged below
    const newOwner = await cluster.owner(reportId);
    const ackedWhileFrozen = writers.map((w) => w.ackedClock());
    a.cont();

    // The old owner learns it lost the report and closes its room, for clients to reconnect.
    await until(() => writers[0]!.closes.length > closesAtFreeze, 'the old owner closes its room', 10_000);
    await sleep(1000);
    const lease = await cluster.lease(reportId);
    typing = false;
    await Promise.all(loops);
    await until(() => writers.every((w) => w.ackedClock() >= clock(w)), 'everything acknowledged', 30_000);
    // A due compaction waits for a quiet room (server/rooms/room.ts compactSoon): typing has stopped.
    await until(() => (marks.at(-1)?.snapshot ?? 0) > 0, 'a compaction', 15_000).catch(() => {});
    watching = false;
    await watcher;

    expect(newOwner === b || newOwner === c).toBe(true);
    expect(lease?.nodeId).toBe(newOwner?.id); // not taken back by the resumed node
    expect(lease!.epoch).toBeGreaterThan(epochBefore);
    // The writers on the other nodes were served (acknowledged) while the owner was frozen.
    expect(ackedWhileFrozen[1]).toBeGreaterThan(ackedAtFreeze[1]!);
    expect(ackedWhileFrozen[2]).toBeGreaterThanOrEqual(secondPaste);
    expect([1012, 1013]).toContain(writers[0]!.closes[closesAtFreeze]);
    expect(writers.flatMap((w) => w.closes).filter((code) => code >= 4400 && code < 4500)).toEqual([]);

    const stored = await readPgReport(cluster.pool, reportId);
    expect(stored.pending).toBe(false);
    for (const [i, w] of writers.entries()) {
      expect(bodyText(stored.doc, sections[i]!.id)).toBe(bodyText(w.doc, sections[i]!.id));
      const text = bodyText(stored.doc, sections[i]!.id);
      const missing = tokens[i]!.filter((t) => text.split(t).length !== 2);
      expect(missing).toEqual([]);
    }
    // Compaction happened, and neither the snapshot nor the log's end ever went back.
    expect(marks.at(-1)!.snapshot).toBeGreaterThan(0);
    for (let i = 1; i < marks.length; i++) {
      expect(marks[i]!.snapshot).toBeGreaterThanOrEqual(marks[i - 1]!.snapshot);
      expect(marks[i]!.seq).toBeGreaterThanOrEqual(marks[i - 1]!.seq);
    }
  });
});
