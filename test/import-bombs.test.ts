/**
 * Import bombs (issue 13.1): uploads within the byte limit that decode to far more than a report —
 * an 8 MiB text file, a .docx of 1.5 M one-letter paragraphs (236 KB zipped), 40k headings — are
 * refused quickly with 413/422 naming the reason, while the parse runs off the event loop; and a
 * report at the limits is built off it too. The event loop is never held 200 ms, counted in the main
 * thread's CPU time (helpers/loop-hold.ts), while /healthz is polled and answers throughout.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../server/import-export/import-limits.ts';
import { type Account, registerAdmin } from './helpers/api.ts';
import {
  docxPart,
  exportFile,
  importBody,
  importFile,
  reportAtLimits,
  wordReport,
} from './helpers/import.ts';
import { holdDuring, type LoopHold } from './helpers/loop-hold.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;

beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
});
afterAll(() => server.stop());

/** A .docx whose document.xml holds `count` paragraphs of one letter. */
async function paragraphBomb(count: number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await wordReport());
  const paragraph = '<w:p><w:r><w:t>a</w:t></w:r></w:p>';
  // A Buffer, outside the JS heap: a 50 MB string here would make this process's GC pause the server's
  // event loop (same process) during the /healthz polls below.
  const xml = Buffer.concat([
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    ),
    Buffer.alloc(paragraph.length * count, paragraph),
    Buffer.from('</w:body></w:document>'),
  ]);
  zip.file('word/document.xml', xml);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** The bar (issue 13): no request holds the event loop longer than this. */
const MAX_HOLD_MS = 200;

/**
 * Runs `work` while polling /healthz every 10 ms: its result, the longest hold of the event loop and
 * the slowest /healthz (a figure only: its wall clock includes waiting for a core on a loaded machine).
 */
async function watched<T>(work: () => Promise<T>): Promise<{ result: T; hold: LoopHold; slowest: number }> {
  let done = false;
  let slowest = 0;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      await res.text();
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const { result, hold } = await holdDuring(() =>
    work().finally(() => {
      done = true;
    }),
  );
  await poll;
  return { result, hold, slowest };
}

function figure(what: string, { hold, slowest }: { hold: LoopHold; slowest: number }): void {
  console.log(
    `[figure] ${what}: event loop held ${Math.round(hold.cpuMs)} ms of CPU at most (wall ${Math.round(hold.wallMs)} ms), /healthz slowest ${Math.round(slowest)} ms`,
  );
}

describe('import bombs', () => {
  it('refuses 8 MiB of text with 413 naming the character limit', async () => {
    const text = `年度工作总结\n一、主要工作\n${'全年完成X项任务。'.repeat(340_000)}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(8 * 1024 * 1024);
    const res = await importBody(server.url, admin.token, text);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('import_too_long');
    expect(res.body.error.message).toMatch(/文件内容过长.*上限 50万字/);
  });

  it('refuses a 1.5 M-paragraph .docx (a few hundred KB zipped) from its zip directory, with /healthz fast meanwhile', async () => {
    const bomb = await paragraphBomb(1_500_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const seen = await watched(() => importFile(server.url, admin.token, bomb, 'bomb.docx'));
    expect(seen.result.status).toBe(413);
    expect(seen.result.body.error.code).toBe('import_unpacked_too_large');
    expect(seen.result.body.error.message).toMatch(/Word 文件解压后过大.*word\/document\.xml/);
    figure('import bomb (1.5 M paragraphs)', seen);
    expect(seen.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
  });

  it('refuses a .docx within the unpacked limit but over the paragraph limit with 422, parsing off the event loop', async () => {
    const bomb = await paragraphBomb(IMPORT_LIMITS.paragraphs * 4);
    const seen = await watched(() => importFile(server.url, admin.token, bomb, 'bomb.docx'));
    expect(seen.result.status).toBe(422);
    expect(seen.result.body.error).toMatchObject({ code: 'import_too_many_paragraphs' });
    expect(seen.result.body.error.message).toMatch(/段落过多.*上限 5000段/);
    figure('import bomb (20k paragraphs)', seen);
    expect(seen.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
  });

  /** The import at the limits, made once for the tests that read it. */
  let atLimits: Promise<{ report: { id: string }; sections: { id: string; title: string }[] }> | null = null;
  const importedAtLimits = () => {
    atLimits ??= importBody(server.url, admin.token, reportAtLimits(), '?format=md').then((r) => r.body);
    return atLimits;
  };

  it('builds a report at the limits off the event loop, with its text', async () => {
    const md = reportAtLimits();
    expect(md.length).toBeGreaterThan(IMPORT_LIMITS.chars * 0.9);
    expect(md.length).toBeLessThanOrEqual(IMPORT_LIMITS.chars);
    const seen = await watched(() => importBody(server.url, admin.token, md, '?format=md'));
    figure('import at the limits', seen);
    expect(seen.result.status).toBe(201);
    const { report, sections } = seen.result.body;
    atLimits = Promise.resolve(seen.result.body);
    expect(sections).toHaveLength(IMPORT_LIMITS.sections);
    const last = sections[sections.length - 1];
    expect(last).toMatchObject({ title: `第${IMPORT_LIMITS.sections}部分`, status: 'todo', placeholders: 9 });
    // Built and encoded on the main thread this held it 213–428 ms of CPU (docs/reliability.md).
    expect(seen.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);

    // Opening it loads the doc in pieces (bounded in test/large-report-holds.test.ts); the Markdown
    // export reads the whole doc in one turn: a figure here.
    const opened = await holdDuring(() => exportFile(server.url, admin.token, report.id, '?format=md'));
    console.log(`[figure] opening it: event loop held ${Math.round(opened.hold.cpuMs)} ms of CPU`);
    const text = Buffer.from(opened.result.bytes).toString('utf8');
    const tail = text.slice(text.lastIndexOf(`第${IMPORT_LIMITS.sections}部分`));
    expect(tail.match(/第\d项：完成\*\*X项\*\*工作，推进重点任务/g)).toHaveLength(9);
  });

  it('reads a report at the limits off the event loop: activity CSV, .docx export', async () => {
    const { report, sections } = await importedAtLimits();
    // The activity CSV reads the section audits in one pass over the log (it thinned the log, decoding
    // the imported update, once per section: 23 s of CPU for this report).
    const csv = await watched(() =>
      fetch(`${server.url}/api/reports/${report.id}/activity.csv`, {
        headers: { authorization: `Bearer ${admin.token}` },
      }).then(async (res) => ({ status: res.status, text: await res.text() })),
    );
    figure('activity CSV of it', csv);
    expect(csv.result.status).toBe(200);
    expect(csv.result.text.match(/section\.edit/g)).toHaveLength(sections.length);
    expect(csv.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
    // Its .docx is written in a worker (on the event loop it took 1.3–2 s of CPU).
    const docx = await watched(() => exportFile(server.url, admin.token, report.id, '?format=docx'));
    figure('.docx export of it', docx);
    expect(docx.result.status).toBe(200);
    expect(await docxPart(docx.result.bytes, 'word/document.xml')).toContain(
      `第${IMPORT_LIMITS.sections}部分`,
    );
    expect(docx.hold.cpuMs).toBeLessThan(MAX_HOLD_MS);
  });

  it('refuses 40k Markdown headings with 422 (too many paragraphs) and 2k headings (too many sections)', async () => {
    const headings = (n: number) => Array.from({ length: n }, (_, i) => `# 标题${i}`).join('\n');
    const many = await importBody(server.url, admin.token, headings(40_000), '?format=md');
    expect(many).toMatchObject({ status: 422, body: { error: { code: 'import_too_many_paragraphs' } } });
    const sections = await importBody(server.url, admin.token, headings(1_001), '?format=md');
    expect(sections).toMatchObject({ status: 422, body: { error: { code: 'import_too_many_sections' } } });
    expect(sections.body.error.message).toMatch(/章节过多：1000个，上限 500个/);
  });

  it('imports a report at the section limit, sections in order', async () => {
    const md = Array.from(
      { length: IMPORT_LIMITS.sections },
      (_, i) => `# 第${i + 1}部分\n完成X项工作。`,
    ).join('\n');
    const result = await importBody(server.url, admin.token, md, '?format=md');
    expect(result.status).toBe(201);
    expect(result.body.sections).toHaveLength(IMPORT_LIMITS.sections);
    expect(result.body.sections.map((s: { title: string }) => s.title).slice(-2)).toEqual([
      `第${IMPORT_LIMITS.sections - 1}部分`,
      `第${IMPORT_LIMITS.sections}部分`,
    ]);
  });

  it('lets one user run one import at a time (429), others go on', async () => {
    // Just within the limits: mammoth reads it all, which takes a while (a preview creates nothing).
    const big = await paragraphBomb(IMPORT_LIMITS.paragraphs - 10);
    const first = importFile(server.url, admin.token, big, 'big.docx', '?preview=1');
    await new Promise((r) => setTimeout(r, 50));
    const second = await importBody(server.url, admin.token, '标题\n一、工作\n内容。');
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('import_in_progress');
    // Read in full, then refused: one-letter paragraphs are all junk, so nothing is left to import.
    expect((await first).status).toBe(400);
    expect((await importBody(server.url, admin.token, '标题\n一、工作\n内容。')).status).toBe(201);
  });
});
