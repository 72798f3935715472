import fs from 'node:fs';
import path from 'node:path';
import {
  type Account,
  addSection,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from '../../test/helpers/api.ts';
import type { Target } from './clients.ts';
import { type Kind, launch, type ServerProc, tempDir } from './servers.ts';

/**
 * A coreport data directory prepared once through the REST API (accounts, one report, sections with one
 * writer each, a viewer for receivers) and copied for every run, so runs skip the password hashing.
 */
export interface Template {
  dir: string;
  reportId: string;
  leader: Account;
  writers: Account[];
  viewer: Account;
  sids: string[];
}

const NUMERALS = '一二三四五六七八九十';

export async function coreportTemplate(writers: number, sections = writers): Promise<Template> {
  const dir = tempDir('coreport-bench-template-');
  const server = await launch('coreport', dir);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const leader = await registerAdmin(base);
    const reportId = await createReport(base, leader, '2026年度工作总结（基准测试）');
    const accounts: Account[] = [];
    for (let i = 0; i < writers; i++) {
      const w = await createUser(base, leader, `writer-${i}`, `撰稿人${i + 1}`);
      await setRole(base, leader, reportId, w.id, 'writer');
      accounts.push(w);
    }
    const viewer = await createUser(base, leader, 'viewer', '读者');
    await setRole(base, leader, reportId, viewer.id, 'viewer');
    const sids: string[] = [];
    for (let s = 0; s < sections; s++) {
      const title = `${NUMERALS[s % 10]}、第${s + 1}部分工作情况`;
      const owner = accounts[s % Math.max(1, writers)];
      sids.push((await addSection(base, leader, reportId, title, owner ? [owner.id] : [])).id);
    }
    return { dir, reportId, leader, writers: accounts, viewer, sids };
  } finally {
    await server.stop();
  }
}

/** One server process with one prepared document, ready for clients. */
/** Reports one leader creates here: under the default MAX_REPORTS_PER_USER (1,000), which the bench keeps. */
const REPORTS_PER_LEADER = 900;

/** coreport with `reports` reports titled by `title(n)`, one viewer a member of each (scenarios e, f). */
export async function viewerReports(
  reports: number,
  title: (n: number) => string,
): Promise<Template & { reportIds: string[] }> {
  const dir = tempDir('coreport-bench-reports-');
  const server = await launch('coreport', dir);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const admin = await registerAdmin(base);
    const viewer = await createUser(base, admin, 'viewer', '读者');
    const reportIds: string[] = [];
    let leader = admin;
    for (let r = 0; r < reports; r++) {
      // The per-user report quota stays at its default: the reports are spread over several leaders.
      if (r > 0 && r % REPORTS_PER_LEADER === 0)
        leader = await createUser(
          base,
          admin,
          `leader${r / REPORTS_PER_LEADER}`,
          `组长${r / REPORTS_PER_LEADER}`,
        );
      const id = await createReport(base, leader, title(r + 1));
      await setRole(base, leader, id, viewer.id, 'viewer');
      reportIds.push(id);
    }
    return { dir, reportId: reportIds[0]!, leader: admin, writers: [], viewer, sids: [], reportIds };
  } finally {
    await server.stop();
  }
}

export interface Fixture {
  server: ServerProc;
  target: Target;
  /** Writer i owns section `sids[i]` (coreport); the peers accept any token. */
  writerTokens: string[];
  viewerToken: string;
  leaderToken: string;
  sids: string[];
}

/** Starts `kind` fresh: coreport on a copy of the template's data, the peers in memory. */
export async function startFixture(
  kind: Kind,
  tpl: Template,
  name: string,
  env: Record<string, string> = {},
): Promise<Fixture> {
  const dataDir = kind === 'coreport' ? tempDir('coreport-bench-run-') : null;
  if (dataDir) fs.cpSync(tpl.dir, dataDir, { recursive: true });
  const server = await launch(kind, dataDir, env);
  const peer = kind !== 'coreport';
  return {
    server,
    target: { kind, port: server.port, doc: peer ? name : tpl.reportId },
    writerTokens: tpl.writers.map((w) => (peer ? 'bench' : w.token)),
    viewerToken: peer ? 'bench' : tpl.viewer.token,
    leaderToken: peer ? 'bench' : tpl.leader.token,
    sids: tpl.sids,
  };
}

/** Stops the server and removes its data directory. */
export async function stopFixture(f: Fixture): Promise<void> {
  await f.server.stop();
  if (f.server.dataDir) fs.rmSync(f.server.dataDir, { recursive: true, force: true });
}

export const removeTemplate = (tpl: Template) => fs.rmSync(tpl.dir, { recursive: true, force: true });
export const dataFile = (name: string) => path.join(import.meta.dirname, '../traces', name);
