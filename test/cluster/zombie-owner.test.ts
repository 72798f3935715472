/**
 * A zombie owner: the node serving a report is frozen (SIGSTOP) for twice the lease TTL while writers
 * on the other nodes keep typing. Another node takes the report over and acknowledges their edits
 * meanwhile (the forwarding nodes cut their pipes to the frozen owner once its lease is gone, see
 * server/cluster/pipe-watch.ts). Resumed (SIGCONT), the old owner finds its lease gone and closes its
 * room with 1012/1013, never 44xx; it writes nothing more (the epoch fences it), it does not take the
 * report back, nothing acknowledged is lost and the snapshot never goes backwards.
 */
import { afterAll, expect, it } from 'vitest';
import type { AckClient } from '../helpers/ack-client.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import { clusterSuite, threeNodes } from '../helpers/cluster.ts';
import { expectStoredAsTyped, reportWithWriters, untilAllAcked } from '../helpers/cluster-writers.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres } from '../helpers/postgres.ts';
import { ownClock, startTyping } from '../helpers/token-typing.ts';

const TTL = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A pasted page: large enough (over 64 KiB) that storing it makes the owner compact the log. */
const PAGE = '各地区各部门认真贯彻落实安全生产责任制，'.repeat(1300);

describePostgres('a frozen owner (SIGSTOP for 2× TTL)', () => {
  const suite = clusterSuite({ nodes: 3, leaseTtlMs: TTL });
  const opened: AckClient[] = [];
  afterAll(() => {
    for (const client of opened) client.destroy();
  });

  it('is replaced while frozen, fenced when resumed, and nothing acknowledged is lost', async () => {
    const cluster = suite.get();
    const [a, b, c] = threeNodes(cluster);
    // One writer on the owner itself, one on each other node (their sockets are piped to the owner).
    const { reportId, writers } = await reportWithWriters(a, '2026年安全生产专项整治报告', [a, b, c], opened);
    expect(await cluster.owner(reportId)).toBe(a);
    const clients = writers.map((w) => w.client);

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

    const stopTyping = startTyping(writers, () => 10);
    const paste = (i: number) => {
      const { client, sections } = writers[i]!;
      typeInto(client.doc, sections[0]!.id, PAGE, bodyText(client.doc, sections[0]!.id).length);
      return ownClock(client);
    };
    await sleep(300);
    const firstPaste = paste(1);
    await until(() => clients[1]!.ackedClock() >= firstPaste, 'the first page stored', 10_000);

    const epochBefore = (await cluster.lease(reportId))!.epoch;
    a.stop();
    const frozenAt = Date.now();
    const ackedAtFreeze = clients.map((w) => w.ackedClock());
    const closesAtFreeze = clients[0]!.closes.length;
    await sleep(TTL);
    const secondPaste = paste(2); // while frozen: stored (and compacted) by the new owner
    await sleep(Math.max(0, 2 * TTL - (Date.now() - frozenAt)));
    // Frozen for 2× TTL, and on until the writers elsewhere are served (slow on a loaded machine).
    await until(
      () => clients[1]!.ackedClock() > ackedAtFreeze[1]! && clients[2]!.ackedClock() >= secondPaste,
      'the other writers served while the owner is frozen',
      20_000,
    ).catch(() => {}); // judged below
    const newOwner = await cluster.owner(reportId);
    const ackedWhileFrozen = clients.map((w) => w.ackedClock());
    a.cont();

    // The old owner learns it lost the report and closes its room, for clients to reconnect.
    await until(() => clients[0]!.closes.length > closesAtFreeze, 'the old owner closes its room', 10_000);
    await sleep(1000);
    const lease = await cluster.lease(reportId);
    await stopTyping();
    await untilAllAcked(writers);
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
    expect([1012, 1013]).toContain(clients[0]!.closes[closesAtFreeze]);
    expect(clients.flatMap((w) => w.closes).filter((code) => code >= 4400 && code < 4500)).toEqual([]);

    expectStoredAsTyped(await readPgReport(cluster.pool, reportId), writers);
    // Compaction happened, and neither the snapshot nor the log's end ever went back.
    expect(marks.at(-1)!.snapshot).toBeGreaterThan(0);
    for (let i = 1; i < marks.length; i++) {
      expect(marks[i]!.snapshot).toBeGreaterThanOrEqual(marks[i - 1]!.snapshot);
      expect(marks[i]!.seq).toBeGreaterThanOrEqual(marks[i - 1]!.seq);
    }
  });
});
