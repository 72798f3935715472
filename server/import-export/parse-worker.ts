/**
 * Worker thread entry: parses uploads (parse-upload.ts) one at a time as they are posted and posts
 * each result back, so a heavy file costs this thread's time and memory, never the event loop that
 * serves everyone else. Kept alive between imports: starting one (and loading mammoth) is the slow part.
 */
import { parentPort } from 'node:worker_threads';
import type { StructureOptions } from '../../shared/import/index.ts';
import { ImportRefused } from './import-limits.ts';
import { type ImportFormat, type ParsedUpload, parseUpload, UnreadableUpload } from './parse-upload.ts';

/** A parse asked of the worker. */
export interface WorkerJob {
  bytes: Uint8Array;
  format: ImportFormat;
  options?: StructureOptions;
}

/** What the worker posts back. */
export type WorkerReply =
  | { ok: true; upload: ParsedUpload }
  | {
      ok: false;
      refused?: { status: 413 | 422 | 503; code: string; message: string };
      unreadable?: string;
      error?: string;
    };

function replyFor(err: unknown): WorkerReply {
  if (err instanceof ImportRefused)
    return { ok: false, refused: { status: err.status, code: err.code, message: err.message } };
  if (err instanceof UnreadableUpload) return { ok: false, unreadable: err.message };
  return { ok: false, error: err instanceof Error ? err.message : String(err) };
}

parentPort!.on('message', ({ bytes, format, options }: WorkerJob) => {
  parseUpload(bytes, format, options).then(
    (upload) => parentPort!.postMessage({ ok: true, upload } satisfies WorkerReply),
    (err: unknown) => parentPort!.postMessage(replyFor(err)),
  );
});
