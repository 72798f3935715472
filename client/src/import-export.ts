/**
 * Client side of import and export (docs/api.md, Import and export): the server preview of an
 * uploaded file, creating a report from text or a file, and downloading an export.
 * Pasted text is previewed locally with `previewImport` (shared/import), the same parser the
 * server runs, so what the user sees is what gets created.
 */
import type { ImportPreview, TextFormat } from '../../shared/import/index.ts';
import { ApiError, type ReportSummary, UNAUTHORIZED_EVENT } from './api.ts';

/** The server refuses uploads over this size (413); checked here first to say so before sending. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** File types the import reads, for `<input accept>`. */
export const IMPORT_ACCEPT = '.txt,.md,.markdown,.docx,text/plain,text/markdown';

export type ExportFormat = 'docx' | 'md' | 'txt';

/** How the server read an upload. */
export interface ImportSource {
  format: 'text' | 'markdown' | 'docx';
  encoding: string | null;
}

/** What is being imported: pasted text in a format, or a file. */
export type ImportInput = { kind: 'text'; text: string; format: TextFormat } | { kind: 'file'; file: File };

/** Markdown when a line opens with a `#` heading; else plain text (whose `#` would be kept as text). */
export function guessFormat(text: string): TextFormat {
  return /^#{1,6}[ \t]+\S/m.test(text) ? 'markdown' : 'text';
}

async function send<T>(path: string, input: ImportInput): Promise<T> {
  let body: BodyInit;
  const headers: Record<string, string> = {};
  if (input.kind === 'file') {
    const form = new FormData();
    form.append('file', input.file, input.file.name);
    body = form;
  } else {
    body = input.text;
    headers['content-type'] = 'text/plain; charset=utf-8';
  }
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  return readJson<T>(res);
}

async function readJson<T>(res: Response): Promise<T> {
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data?.error ?? {};
    if (res.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    throw new ApiError(res.status, error.code ?? 'http', error.message ?? res.statusText);
  }
  return data as T;
}

function importPath(input: ImportInput, params: Record<string, string>): string {
  const query = new URLSearchParams(params);
  if (input.kind === 'text' && input.format === 'markdown') query.set('format', 'md');
  const qs = query.toString();
  return `/api/reports/import${qs ? `?${qs}` : ''}`;
}

/** `keep=3,7`: dropped lines the user restored in the preview. */
const keepParam = (keep: readonly number[]): Record<string, string> =>
  keep.length ? { keep: [...new Set(keep)].sort((a, b) => a - b).join(',') } : {};

/** The server's preview of an upload (it decodes GBK/UTF-16 and reads .docx); creates nothing. */
export function previewUpload(
  input: ImportInput,
  keep: readonly number[] = [],
): Promise<ImportPreview & { source: ImportSource }> {
  return send(importPath(input, { preview: '1', ...keepParam(keep) }), input);
}

/**
 * Creates the report; the caller opens it. `title` overrides the detected title when not empty;
 * `keep` lists the dropped lines to keep after all.
 */
export function importReport(
  input: ImportInput,
  title: string,
  keep: readonly number[] = [],
): Promise<{ report: ReportSummary; sections: { id: string }[] }> {
  const trimmed = title.trim();
  return send(importPath(input, { ...(trimmed ? { title: trimmed } : {}), ...keepParam(keep) }), input);
}

/** The file name of a `Content-Disposition` header: `filename*` (RFC 5987) first, then `filename`. */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? null;
}

/**
 * Downloads the report in `format` (with the comments, and in a .docx the pending suggestions as
 * tracked changes, when asked). Fetched first, so a refusal
 * is an error message in the page rather than a JSON file on disk.
 */
export async function downloadExport(
  reportId: string,
  format: ExportFormat,
  include: { comments: boolean; suggestions: boolean },
): Promise<{ placeholders: number }> {
  const query = new URLSearchParams({ format });
  if (include.comments) query.set('comments', '1');
  if (include.suggestions && format === 'docx') query.set('suggestions', '1');
  let res: Response;
  try {
    res = await fetch(`/api/reports/${encodeURIComponent(reportId)}/export?${query}`, {
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) await readJson(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = dispositionName(res.headers.get('content-disposition')) ?? `report.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the download manager reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  // Placeholders still in the exported text (the server says how many; a draft may be exported).
  return { placeholders: Number(res.headers.get('x-placeholders')) || 0 };
}
