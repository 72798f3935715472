/**
 * Jepsen-style durability run: writers type unique tokens through stock providers that ask for durable
 * acks; the server process is killed (SIGKILL, or SIGTERM) at random moments and restarted; after every
 * kill the report is read from the SQLite file alone. Every token acknowledged before the kill must be
 * there exactly once, and the file must pass `PRAGMA integrity_check`. Used by the fast test (20 cycles)
 * and by `npm run soak` (200+).
 */
import * as Y from 'yjs';
import type { SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import { tempDir } from '../helpers/server.ts';
import { Standby } from '../helpers/standby.ts';
import { readStoredReport } from '../helpers/stored-report.ts';

export interface DurabilityOptions {
  cycles: number;
  writers: number;
  /** How long the server runs before each kill: uniform in [minMs, maxMs]. */
  minMs: number;
  maxMs: number;
  /** The signal for cycle n (0-based). */
  signal: (cycle: number) => NodeJS.Signals;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface DurabilityReport {
  cycles: number;
  written: number;
  /** Tokens acknowledged (before the final resync). */
  acked: number;
  /** Acknowledged tokens missing from the file after a kill: must be empty. */
  lostAcked: string[];
  /** Tokens found more than once: must be empty. */
  duplicates: string[];
  /** Integrity-check results other than 'ok', and loads that left parked structs. */
  damaged: string[];
  /** Unacknowledged tokens missing from the file at a kill, summed over kills (allowed: writers resend them). */
  unackedLostAtKill: number;
  /** Exit codes of SIGTERM'd servers: must all be 0. */
  sigtermExits: (number | null)[];
  /** Close codes 44xx writers saw (a stock provider stops on those): must be empty. */
  refusals: number[];
  /** After the last restart and a full resync, tokens still missing from the file: must be empty. */
  missingAtEnd: string[];
}

const TOKEN = /w\d+-\d+。/g;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

interface Writer {
  client: AckClient;
  section: SectionInfo;
  /** Tokens in typing order, with the writer's clock right after each. */
  tokens: { token: string; clock: number }[];
}

function countTokens(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const t of text.match(TOKEN) ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export async function durabilityRun(options: DurabilityOptions): Promise<DurabilityReport> {
  const log = options.log ?? (() => {});
  const dataDir = tempDir('coreport-durability-');
  const standby = new Standby(dataDir, options.env);
  const writers: Writer[] = [];
  const report: DurabilityReport = {
    cycles: 0,
    written: 0,
    acked: 0,
    lostAcked: [],
    duplicates: [],
    damaged: [],
    unackedLostAtKill: 0,
    sigtermExits: [],
    refusals: [],
    missingAtEnd: [],
  };
  let typing = true;
  try {
    let server = await standby.start(0);
    const port = server.port;
    const base = `http://127.0.0.1:${port}`;
    const wsUrl = `ws://127.0.0.1:${port}/ws`;
    const leader = await registerAdmin(base);
    const reportId = await createReport(base, leader);
    for (let i = 0; i < options.writers; i++) {
      const account = await createUser(base, leader, `writer${i}`, `撰稿人${i}`);
      await setRole(base, leader, reportId, account.id, 'writer');
      const section = await addSection(base, leader, reportId, `第${i + 1}部分`, [account.id]);
      const client = connectWithAcks(wsUrl, reportId, account.token);
      writers.push({ client, section, tokens: [] });
    }
    await until(() => writers.every((w) => w.client.provider.synced), 'writers synced', 20_000);
    const loops = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        const token = `w${i}-${n}。`;
        typeInto(w.client.doc, w.section.id, token, bodyText(w.client.doc, w.section.id).length);
        w.tokens.push({ token, clock: Y.getState(w.client.doc.store, w.client.doc.clientID) });
        await sleep(between(4, 12));
      }
    });

    for (let cycle = 0; cycle < options.cycles; cycle++) {
      await sleep(between(options.minMs, options.maxMs));
      const signal = options.signal(cycle);
      const exit = await server.stop(signal);
      if (signal === 'SIGTERM') report.sigtermExits.push(exit);
      const stored = readStoredReport(dataDir, reportId);
      if (stored.integrity !== 'ok') report.damaged.push(`cycle ${cycle}: ${stored.integrity}`);
      if (stored.pending) report.damaged.push(`cycle ${cycle}: parked structs after load`);
      const counts = countTokens(writers.map((w) => bodyText(stored.doc, w.section.id)));
      for (const w of writers) {
        const acked = w.client.ackedClock();
        for (const { token, clock } of w.tokens) {
          const n = counts.get(token) ?? 0;
          if (n > 1) report.duplicates.push(`cycle ${cycle}: ${token} ×${n}`);
          if (n === 0 && clock <= acked) report.lostAcked.push(`cycle ${cycle}: ${token}`);
          if (n === 0 && clock > acked) report.unackedLostAtKill++;
        }
      }
      report.cycles++;
      if (cycle % 10 === 9)
        log(`cycle ${cycle + 1}/${options.cycles}: ${JSON.stringify(summary(report, writers))}`);
      server = await standby.start(port);
    }

    typing = false;
    await Promise.all(loops);
    report.written = writers.reduce((n, w) => n + w.tokens.length, 0);
    report.acked = writers.reduce(
      (n, w) => n + w.tokens.filter((t) => t.clock <= w.client.ackedClock()).length,
      0,
    );
    // Live writers resend whatever a kill took: in the end everything typed is stored once.
    const everything = () => {
      const stored = readStoredReport(dataDir, reportId);
      const counts = countTokens(writers.map((w) => bodyText(stored.doc, w.section.id)));
      return writers.flatMap((w) => w.tokens.map((t) => t.token)).filter((t) => counts.get(t) !== 1);
    };
    for (let waited = 0; waited < 30_000; waited += 200) {
      report.missingAtEnd = everything();
      if (report.missingAtEnd.length === 0) break;
      await sleep(200);
    }
    for (const w of writers) report.refusals.push(...w.client.closes.filter((c) => c >= 4400 && c < 4500));
    await server.stop('SIGTERM');
    return report;
  } finally {
    typing = false;
    for (const w of writers) w.client.destroy();
    standby.dispose();
  }
}

function summary(report: DurabilityReport, writers: Writer[]) {
  return {
    written: writers.reduce((n, w) => n + w.tokens.length, 0),
    lostAcked: report.lostAcked.length,
    duplicates: report.duplicates.length,
    damaged: report.damaged.length,
    unackedLostAtKill: report.unackedLostAtKill,
  };
}
