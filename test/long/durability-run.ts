/**
 * Jepsen-style durability run: writers type unique tokens through stock providers that ask for durable
 * acks; the server process is killed (SIGKILL, or SIGTERM) at random moments and restarted; after every
 * kill the report is read from the SQLite file alone. Every token acknowledged before the kill must be
 * there exactly once, and the file must pass `PRAGMA integrity_check`. Used by the fast test (20 cycles)
 * and by `npm run soak` (200+).
 */
import { connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { until } from '../helpers/clients.ts';
import { tempDir } from '../helpers/server.ts';
import { Standby } from '../helpers/standby.ts';
import { readStoredReport } from '../helpers/stored-report.ts';
import {
  ackedCount,
  auditStored,
  emptyAudit,
  type KillAudit,
  notStoredOnce,
  sectionTexts,
  startTyping,
  type TokenWriter,
  typedCount,
} from '../helpers/token-typing.ts';

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

/** The audit (token-typing.ts) is of the SQLite file alone, read after each kill. */
export interface DurabilityReport extends KillAudit {
  cycles: number;
  written: number;
  /** Tokens acknowledged (before the final resync). */
  acked: number;
  /** Integrity-check results other than 'ok', and loads that left parked structs. */
  damaged: string[];
  /** Exit codes of SIGTERM'd servers: must all be 0. */
  sigtermExits: (number | null)[];
  /** Close codes 44xx writers saw (a stock provider stops on those): must be empty. */
  refusals: number[];
  /** After the last restart and a full resync, tokens still missing from the file: must be empty. */
  missingAtEnd: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

export async function durabilityRun(options: DurabilityOptions): Promise<DurabilityReport> {
  const log = options.log ?? (() => {});
  const dataDir = tempDir('coreport-durability-');
  const standby = new Standby(dataDir, options.env);
  const writers: TokenWriter[] = [];
  const report: DurabilityReport = {
    ...emptyAudit(),
    cycles: 0,
    written: 0,
    acked: 0,
    damaged: [],
    sigtermExits: [],
    refusals: [],
    missingAtEnd: [],
  };
  let stopTyping = async () => {};
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
      writers.push({ client, sections: [section], typed: [] });
    }
    await until(() => writers.every((w) => w.client.provider.synced), 'writers synced', 20_000);
    stopTyping = startTyping(writers, () => between(4, 12));

    for (let cycle = 0; cycle < options.cycles; cycle++) {
      await sleep(between(options.minMs, options.maxMs));
      const signal = options.signal(cycle);
      const exit = await server.stop(signal);
      if (signal === 'SIGTERM') report.sigtermExits.push(exit);
      const stored = readStoredReport(dataDir, reportId);
      if (stored.integrity !== 'ok') report.damaged.push(`cycle ${cycle}: ${stored.integrity}`);
      if (stored.pending) report.damaged.push(`cycle ${cycle}: parked structs after load`);
      // Even an ack still arriving now was sent after its commit and before the kill: before this read.
      const acked = writers.map((w) => w.client.ackedClock());
      auditStored(`cycle ${cycle}`, writers, acked, sectionTexts(stored.doc, writers), report);
      report.cycles++;
      if (cycle % 10 === 9)
        log(`cycle ${cycle + 1}/${options.cycles}: ${JSON.stringify(progress(report, writers))}`);
      server = await standby.start(port);
    }

    await stopTyping();
    report.written = typedCount(writers);
    report.acked = ackedCount(writers);
    // Live writers resend whatever a kill took: in the end everything typed is stored once.
    const everything = () =>
      notStoredOnce(writers, sectionTexts(readStoredReport(dataDir, reportId).doc, writers));
    for (let waited = 0; waited < 30_000; waited += 200) {
      report.missingAtEnd = everything();
      if (report.missingAtEnd.length === 0) break;
      await sleep(200);
    }
    for (const w of writers) report.refusals.push(...w.client.closes.filter((c) => c >= 4400 && c < 4500));
    await server.stop('SIGTERM');
    return report;
  } finally {
    await stopTyping();
    for (const w of writers) w.client.destroy();
    standby.dispose();
  }
}

function progress(report: DurabilityReport, writers: TokenWriter[]) {
  return {
    written: typedCount(writers),
    lostAcked: report.lostAcked.length,
    duplicates: report.duplicates.length,
    damaged: report.damaged.length,
    unackedLostAtKill: report.unackedLostAtKill,
  };
}
