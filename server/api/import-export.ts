import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { reportProgress } from '../../shared/progress.ts';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { checkReportQuota, ExportSlots } from '../http/quotas.ts';
import { exportReport, isExportFormat } from '../import-export/export-file.ts';
import type { ImportJob, ImportOutcome } from '../import-export/import-job.ts';
import { ImportRefused } from '../import-export/import-limits.ts';
import { parseOffThread } from '../import-export/parse-off-thread.ts';
import { storeImported } from '../import-export/store-imported.ts';
import { formatOf, type ImportFormat, UnreadableUpload } from '../import-export/upload-format.ts';
import { inWorkerSlot } from '../import-export/worker-slots.ts';
import { StorageUnavailable } from '../rooms/storage-unavailable.ts';
import { membership } from './membership.ts';

/** Path of the import route: the API's 256 KiB JSON limit does not apply to it (app.ts). */
export const IMPORT_PATH = '/api/reports/import';
/** Uploads larger than this are refused with 413. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const MAX_TITLE = 200;
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

/** Runs the import job off the event loop, within the import limits; errors as API errors. */
function runBounded(userId: string, job: ImportJob): Promise<ImportOutcome> {
  return inWorkerSlot(userId, 'import', () =>
    parseOffThread(job).catch((err: unknown) => {
      if (err instanceof UnreadableUpload) throw badRequest(err.message);
      if (err instanceof ImportRefused) throw new ApiError(err.status, err.code, err.message);
      throw err;
    }),
  );
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
    const preview = c.req.query('preview') === '1';
    const askedTitle = (c.req.query('title') ?? '').trim() || null;
    if (askedTitle && askedTitle.length > MAX_TITLE)
      throw badRequest(`title: at most ${MAX_TITLE} characters`);
    const user = c.get('user');
    const createdAt = Date.now();
    const outcome = await runBounded(user.id, {
      bytes,
      format: asked,
      options: { keep },
      build: preview ? null : { title: askedTitle, createdAt },
    });
    const { format, encoding, report: built } = outcome;
    if (outcome.empty) throw badRequest('nothing to import: the text is empty');
    if (outcome.preview) return c.json({ ...outcome.preview, source: { format, encoding } });
    if (!built) throw new Error('import worker: no report built');
    const { title } = built;
    if (title.length > MAX_TITLE) throw badRequest(`title: at most ${MAX_TITLE} characters`);
    checkReportQuota(stores.reports.countCreatedBy(user.id), deps.config.maxReportsPerUser);
    const report = { id: randomUUID(), title, createdBy: user.id, createdAt };
    stores.reports.create(report, user.id);
    try {
      await storeImported(stores, report.id, user.id, built);
    } catch (err) {
      // Nothing of it is stored: out of sight at once, purged with the trash.
      stores.reports.trash(report.id, user.id, Date.now());
      console.error(`coreport: storing imported report ${report.id} failed:`, err);
      throw new StorageUnavailable('storage is failing; nothing was imported, try later');
    }
    stores.activity.add(report.id, user.id, 'report.import', {
      title,
      format,
      sections: built.sections.length,
    });
    return c.json(
      {
        report: { ...report, role: 'leader' },
        sections: built.sections,
        dropped: outcome.dropped,
        placeholders: built.placeholders,
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
