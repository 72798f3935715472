/**
 * The setup the cluster fault tests share: a report created through one node (which then owns it) and
 * one writer per node given, each with an account and a section of its own (第i部分), connected with
 * durable acks through that node; and, once they have typed tokens (token-typing.ts), the check that
 * PostgreSQL alone holds what every writer typed, each token once.
 */
import { expect } from 'vitest';
import { type AckClient, connectWithAcks } from './ack-client.ts';
import { type Account, addSection, createReport, createUser, registerAdmin, setRole } from './api.ts';
import { bodyText, until } from './clients.ts';
import type { ClusterNode } from './cluster.ts';
import type { PgStoredReport } from './pg-stored-report.ts';
import { notStoredOnce, ownClock, sectionTexts, type TokenWriter } from './token-typing.ts';

export interface ReportWithWriters {
  leader: Account;
  reportId: string;
  /** Writer i is connected through `writerNodes[i]`. */
  writers: TokenWriter[];
}

/**
 * Creates the leader, the report (through `home`) and the writers, and waits until they are synced.
 * Each client goes into `opened` as soon as it exists, for the suite's afterAll to destroy.
 */
export async function reportWithWriters(
  home: ClusterNode,
  title: string,
  writerNodes: ClusterNode[],
  opened: AckClient[],
): Promise<ReportWithWriters> {
  const leader = await registerAdmin(home.base);
  const reportId = await createReport(home.base, leader, title);
  const writers: TokenWriter[] = [];
  for (const [i, node] of writerNodes.entries()) {
    const account = await createUser(home.base, leader, `writer${i}`, `撰稿人${i}`);
    await setRole(home.base, leader, reportId, account.id, 'writer');
    const section = await addSection(home.base, leader, reportId, `第${i + 1}部分`, [account.id]);
    const client = connectWithAcks(node.wsUrl, reportId, account.token);
    opened.push(client);
    writers.push({ client, sections: [section], typed: [] });
  }
  await until(() => writers.every((w) => w.client.provider.synced), 'writers synced', 20_000);
  return { leader, reportId, writers };
}

/** Waits until every writer's acked clock has reached its own clock: all it typed is stored. */
export const untilAllAcked = (writers: TokenWriter[]) =>
  until(
    () => writers.every((w) => w.client.ackedClock() >= ownClock(w.client)),
    'everything acknowledged',
    30_000,
  );

/** PostgreSQL's copy is whole, holds each writer's sections as the writer sees them, and each token once. */
export function expectStoredAsTyped(stored: PgStoredReport, writers: TokenWriter[]): void {
  expect(stored.pending).toBe(false);
  for (const w of writers)
    for (const section of w.sections)
      expect(bodyText(stored.doc, section.id)).toBe(bodyText(w.client.doc, section.id));
  expect(notStoredOnce(writers, sectionTexts(stored.doc, writers))).toEqual([]);
}
