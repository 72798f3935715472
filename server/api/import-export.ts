import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { summarize } from '../../shared/import/index.ts';
import { reportProgress } from '../../shared/progress.ts';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { InFlight } from '../http/in-flight.ts';
import { checkReportQuota, ExportSlots } from '../http/quotas.ts';
import { buildReport } from '../import-export/build-report.ts';
import { exportReport, isExportFormat } from '../import-export/export-file.ts';
import { ImportRefused } from '../import-export/import-limits.ts';
import { parseOffThread } from '../import-export/parse-off-thread.ts';
import {
  formatOf,
  type ImportFormat,
  type ParsedUpload,
  UnreadableUpload,
} from '../import-export/parse-upload.ts';
import { listSections } from '../reports/doc-sections.ts';
import { membership } from './membership.ts';

/** Path of the import route: the API's 256 KiB JSON limit does not apply to it (app.ts). */
export const IMPORT_PATH = '/api/reports/import';
/** Uploads larger than this are refused with 413. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const FALLBACK_TITLE = '导入的报告';
const QUERY_FORMATS: Record<string, ImportFormat> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  docx: 'docx',
};

/** The uploaded bytes and their format: multipart `file`, or the raw body (`?format=` or its content type). */
async function readUpload(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; format: ImportFormat }> {
  const type = c.req.header('content-type') ?? '';
  let bytes: Uint8Array;
  let name = '';
  let fileType = type;
  if (type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody().catch(() => {
      throw badRequest('malformed multipart body');
    });
    const file = body.file;
    if (!(file instanceof File)) throw badRequest('file: expected a .txt, .md or .docx file');
    bytes = new Uint8Array(await file.arrayBuffer());
    name = file.name;
    fileType = file.type;
  } else bytes = new Uint8Array(await c.req.arrayBuffer());
  const asked = c.req.query('format');
  if (asked !== undefined && !QUERY_FORMATS[asked]) throw badRequest('format: expected txt, md or docx');
  const format = (asked && QUERY_FORMATS[asked]) || formatOf(name, fileType, bytes);
  if (!format) throw badRequest('file: expected a .txt, .md or .docx file');
  if (bytes.length === 0) throw badRequest('the upload is empty');
  return { bytes, format };
}

/** Parse workers: one per user at a time, and no more in all than the machine has cores for. */
const imports = new InFlight(1, 2);

/** Parses the upload off the event loop, within the import limits; errors as API errors. */
async function parseBounded(
  userId: string,
  bytes: Uint8Array,
  format: ImportFormat,
  keep: number[],
): Promise<ParsedUpload> {
  const slot = imports.start(userId);
  if ('refused' in slot) {
    throw slot.refused === 'key'
      ? new ApiError(429, 'import_in_progress', '你的上一个导入尚未完成，请稍候再试', { 'retry-after': '2' })
      : new ApiError(503, 'import_busy', '服务器正在处理其他导入，请稍后再试', { 'retry-after': '5' });
  }
  try {
    return await parseOffThread(bytes, format, undefined, { keep });
  } catch (err) {
    if (err instanceof UnreadableUpload) throw badRequest(err.message);
    if (err instanceof ImportRefused) throw new ApiError(err.status, err.code, err.message);
    throw err;
  } finally {
    slot.release();
  }
}

/** `?keep=3,7`: input lines the user restored in the preview. */
function keepLines(c: Context<AppEnv>): number[] {
  const raw = c.req.query('keep');
  if (raw === undefined || raw === '') return [];
  const lines = raw.split(',').map((n) => Number(n));
  if (lines.length > 100_000 || lines.some((n) => !Number.isInteger(n) || n < 1))
    throw badRequest('keep: expected line numbers separated by commas');
  return lines;
}

/** RFC 6266 / 5987 Content-Disposition with the report title as a UTF-8 file name. */
function disposition(title: string, ext: string): string {
  const name = `${title.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim() || 'report'}.${ext}`;
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="report.${ext}"; filename*=UTF-8''${encoded}`;
}

/** Import (text, Markdown, .docx → a new report) and export (.docx, Markdown, text). */
export function importExportRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();
  const exports = new ExportSlots();
  const limit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: () => {
      throw new ApiError(413, 'too_large', `upload over ${MAX_IMPORT_BYTES} bytes`);
    },
  });

  app.post('/import', limit, async (c) => {
    const { bytes, format: asked } = await readUpload(c);
    const keep = keepLines(c);
    const upload = await parseBounded(c.get('user').id, bytes, asked, keep);
    const { parsed, format, encoding } = upload;
    if (!parsed.title && parsed.sections.length === 0)
      throw badRequest('nothing to import: the text is empty');
    if (c.req.query('preview') === '1') return c.json({ ...summarize(parsed), source: { format, encoding } });

    const title = (c.req.query('title') ?? '').trim() || parsed.title || FALLBACK_TITLE;
    if (title.length > 200) throw badRequest('title: at most 200 characters');
    const user = c.get('user');
    checkReportQuota(stores.reports.countCreatedBy(user.id), deps.config.maxReportsPerUser);
    const report = { id: randomUUID(), title, createdBy: user.id, createdAt: Date.now() };
    stores.reports.create(report, user.id);
    const room = rooms.get(report.id);
    room.change(user.id, (doc) => buildReport(doc, parsed, title, report.createdAt));
    stores.activity.add(report.id, user.id, 'report.import', {
      title,
      format,
      sections: parsed.sections.length,
    });
    const progress = reportProgress(room.doc);
    const counts = new Map(progress.sections.map((s) => [s.id, s]));
    const sections = listSections(room.doc).map((s) => ({
      ...s,
      chars: counts.get(s.id)?.chars ?? 0,
      placeholders: counts.get(s.id)?.placeholders ?? 0,
    }));
    return c.json(
      {
        report: { ...report, role: 'leader' },
        sections,
        dropped: parsed.dropped,
        placeholders: progress.totals.placeholders,
        source: { format, encoding },
      },
      201,
    );
  });

  app.get('/:id/export', async (c) => {
    const { report } = membership(c, deps);
    const format = c.req.query('format') ?? '';
    if (!isExportFormat(format)) throw badRequest('format: expected docx, md or txt');
    const names = (id: string) => stores.accounts.byId(id)?.displayName ?? id;
    const doc = rooms.get(report.id).doc;
    const release = exports.start(c.get('user').id);
    let file: Awaited<ReturnType<typeof exportReport>>;
    try {
      file = await exportReport(doc, format, names, {
        comments: c.req.query('comments') === '1',
        suggestions: c.req.query('suggestions') === '1',
      });
    } finally {
      release();
    }
    c.header('content-type', file.contentType);
    // Not a refusal: a draft may be exported; the client warns how many placeholders are left.
    c.header('x-placeholders', String(reportProgress(doc).totals.placeholders));
    c.header('content-disposition', disposition(report.title, format));
    c.header('cache-control', 'no-store');
    return c.body(new Uint8Array(file.bytes));
  });

  return app;
}
