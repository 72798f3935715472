/**
 * A report at the import limits (500 sections, 5,000 paragraphs, 450k characters: a 1.8 MB Yjs doc)
 * opened over a socket and through REST, listed, copied and given a named version of every section
 * by one account (issue 13): the event loop is never held 200 ms, counted in the main thread's CPU
 * time (helpers/loop-hold.ts), and each path gives what it always gave. Before: opening it held the
 * loop 150–395 ms (the doc applied in one turn), copying it 267–335 ms, the named versions 181–203 ms.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionJson } from '../server/history/section-content.ts';
import { IMPORT_LIMITS } from '../server/import-export/import-limits.ts';
import { listSections } from '../server/reports/doc-sections.ts';
import { type Account, api, registerAdmin } from './helpers/api.ts';
import { bodyText, connect, synced, typeParagraph, until } from './helpers/clients.ts';
import { importBody, reportAtLimits } from './helpers/import.ts';
import { holdDuring, type LoopHold } from './helpers/loop-hold.ts';
import { startServer, type TestServer } from './helpers/server.ts';

/** The bar (issue 13): no request holds the event loop longer than this. */
const MAX_HOLD_MS = 200;

let server: TestServer;
let admin: Account;
/** One report at the limits for every test (each unloads it first: `unloaded`). */
let imported: Imported;

beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
  const res = await importBody(server.url, admin.token, reportAtLimits(), '?format=md');
  expect(res.status).toBe(201);
  imported = res.body;
});
afterAll(() => server.stop());

interface Imported {
  report: { id: string };
  sections: { id: string; title: string }[];
}

/**
 * The report, stored and not loaded: a loaded room is let go once all it has is stored, without the
 * compaction an idle unload runs (that is not what these tests measure), as a node giving it up does.
 */
async function unloaded(): Promise<string> {
  const room = server.deps.rooms.peek(imported.report.id);
  if (room) {
    await room.whenStored();
    server.deps.rooms.drop(room);
  }
  expect(server.deps.rooms.peek(imported.report.id)).toBeUndefined();
  return imported.report.id;
}

function figure(what: string, hold: LoopHold): void {
  console.log(
    `[figure] ${what}: event loop held ${Math.round(hold.cpuMs)} ms of CPU at most (wall ${Math.round(hold.wallMs)} ms)`,
  );
}

/** The doc as stored (snapshot and log, as the next load reads it). */
function storedDoc(reportId: string): Y.Doc {
  const stored = server.deps.stores.docs.load(reportId);
  const doc = new Y.Doc();
  for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
    Y.applyUpdate(doc, update);
  return doc;
}

/** What a stock client syncing the report in a worker thread (helpers/sync-worker.mjs) received. */
function syncInWorker(reportId: string): Promise<Uint8Array> {
  const worker = new Worker(new URL('./helpers/sync-worker.mjs', import.meta.url), {
    workerData: { url: server.wsUrl, room: reportId, token: admin.token },
  });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

const lastSection = () => imported.sections[imported.sections.length - 1]!;
const expectedTail = /第9项：完成X项工作，推进重点任务/;

describe('a report at the import limits', () => {
  it('is listed without loading it, and opens through REST without holding the event loop', async () => {
    const reportId = await unloaded();
    const listed = await holdDuring(() => api(server.url, 'GET', '/api/reports', { token: admin.token }));
    const row = listed.result.body.reports.find((r: { id: string }) => r.id === reportId);
    // Never opened yet: its summary was written at import, so the list does not load the doc.
    expect(row.progress).toMatchObject({ sections: IMPORT_LIMITS.sections });
    expect(server.deps.rooms.peek(reportId)).toBeUndefined();
    figure('listing it', listed.hold);
    expect(listed.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);

    const opened = await holdDuring(() =>
      api(server.url, 'GET', `/api/reports/${reportId}`, { token: admin.token }),
    );
    figure('opening it through REST', opened.hold);
    expect(opened.result.status).toBe(200);
    expect(opened.result.body.sections.map((s: { title: string }) => s.title)).toEqual(
      imported.sections.map((s) => s.title),
    );
    expect(opened.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
  });

  it('opens over a socket without holding the event loop; the client gets all of it', async () => {
    const { result: state, hold } = await holdDuring(async () => syncInWorker(await unloaded()));
    figure('opening it over a socket (load in pieces, first sync)', hold);
    const client = new Y.Doc();
    Y.applyUpdate(client, state);
    expect(listSections(client)).toHaveLength(IMPORT_LIMITS.sections);
    expect(bodyText(client, lastSection().id)).toMatch(expectedTail);
    // Formatting and all, as stored (loaded at once here, the old way).
    const stored = storedDoc(imported.report.id);
    const live = server.deps.rooms.peek(imported.report.id)!.doc;
    for (const { id } of imported.sections) {
      expect(sectionJson(client, id)).toEqual(sectionJson(stored, id));
      expect(sectionJson(live, id)).toEqual(sectionJson(stored, id));
    }
    expect(JSON.stringify(sectionJson(live, lastSection().id))).toContain('"bold"');
    expect(hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
  });

  it('takes edits sent while it loads, in order, stored before they are relayed', async () => {
    const reportId = await unloaded();
    const section = imported.sections[0]!.id;
    // A writer whose edits go out the moment its socket opens, while the server is still loading.
    const writer = connect(server.wsUrl, reportId, admin.token);
    let sentWhileLoading = false;
    writer.provider.on('status', ({ status }: { status: string }) => {
      if (status !== 'connected' || sentWhileLoading) return;
      sentWhileLoading = server.deps.rooms.peek(reportId) === undefined;
      for (const n of [1, 2, 3]) typeParagraph(writer.doc, section, `第${n}条：新增内容。`);
    });
    await synced(writer);
    expect(sentWhileLoading).toBe(true);
    const room = server.deps.rooms.peek(reportId)!;
    await until(() => bodyText(room.doc, section).includes('第3条'), 'the edits in the server doc');
    expect(bodyText(room.doc, section)).toMatch(/第1条：新增内容。\n第2条：新增内容。\n第3条：新增内容。/);
    // A reader joining now receives them, and they are in the store, with the report whole.
    const reader = connect(server.wsUrl, reportId, admin.token);
    await synced(reader);
    await until(() => bodyText(reader.doc, section).includes('第3条'), 'the edits at a reader');
    const stored = storedDoc(reportId);
    expect(bodyText(stored, section)).toBe(bodyText(room.doc, section));
    expect(bodyText(stored, lastSection().id)).toMatch(expectedTail);
    expect(listSections(stored)).toHaveLength(IMPORT_LIMITS.sections);
    writer.destroy();
    reader.destroy();
    // The edits made the first compaction due (the import's entry folded into a snapshot): it is done
    // before the next tests, whose holds are not its own.
    await until(() => server.deps.stores.docs.logLength(reportId) === 0, 'the first compaction');
  });

  it('is copied in a worker without holding the event loop, with the same sections and text', async () => {
    const copy = async (title: string) => {
      const copied = await holdDuring(() =>
        api(server.url, 'POST', '/api/reports', {
          token: admin.token,
          body: { title, from: imported.report.id },
        }),
      );
      figure(`copying it (${title})`, copied.hold);
      expect(copied.result.status).toBe(201);
      expect(copied.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
      return copied.result.body.report.id as string;
    };
    // Open and edited just before: the copy has what its members see.
    const writer = connect(server.wsUrl, imported.report.id, admin.token);
    await synced(writer);
    typeParagraph(writer.doc, imported.sections[1]!.id, '复制前刚写的一段。');
    const live = server.deps.rooms.peek(imported.report.id)!;
    await until(
      () => bodyText(live.doc, imported.sections[1]!.id).includes('复制前'),
      'the edit in the server doc',
    );
    const fromLive = await copy('2027年度工作总结');
    writer.destroy();
    // Not open: copied from what is stored, without loading the copy, nor the source where the store
    // reads it without claiming it (SQLite; in cluster mode its room is opened, in pieces, to claim it).
    await unloaded();
    const fromStored = await copy('2028年度工作总结');
    expect(server.deps.rooms.peek(fromStored)).toBeUndefined();
    if (server.deps.stores.docs.read) expect(server.deps.rooms.peek(imported.report.id)).toBeUndefined();

    const source = server.deps.rooms.get(imported.report.id).doc;
    const from = listSections(source);
    for (const id of [fromLive, fromStored]) {
      const doc = server.deps.rooms.get(id).doc;
      const to = listSections(doc);
      expect(to.map((s) => [s.title, s.level])).toEqual(from.map((s) => [s.title, s.level]));
      for (let i = 0; i < from.length; i++)
        expect(sectionJson(doc, to[i]!.id)).toEqual(sectionJson(source, from[i]!.id));
      expect(bodyText(doc, to[1]!.id)).toContain('复制前刚写的一段。');
      expect(to.every((s) => s.status === 'todo')).toBe(true);
    }
  });

  it('takes a named version of every section without holding the event loop, each as the section is', async () => {
    // Loaded again, now from the snapshot its first compaction wrote (see the copy's test).
    const path = `/api/reports/${await unloaded()}/versions`;
    const named = await holdDuring(() =>
      api(server.url, 'POST', path, { token: admin.token, body: { name: '送审稿' } }),
    );
    figure('a named version of every section', named.hold);
    expect(named.result.status).toBe(201);
    expect(named.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
    const versions: { id: number; sectionId: string; name: string }[] = named.result.body.versions;
    expect(versions.map((v) => v.sectionId)).toEqual(imported.sections.map((s) => s.id));
    expect(versions.every((v) => v.name === '送审稿')).toBe(true);
    const doc = server.deps.rooms.get(imported.report.id).doc;
    for (const v of [versions[0]!, versions[250]!, versions[versions.length - 1]!]) {
      const shown = await api(server.url, 'GET', `${path}/${v.id}`, { token: admin.token });
      expect(shown.body.content).toEqual(sectionJson(doc, v.sectionId));
    }
  });
});
