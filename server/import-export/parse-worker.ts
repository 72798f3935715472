/**
 * Worker thread entry: runs import jobs (import-job.ts), .docx writing (export-docx.ts), copies of a
 * report (copy-report.ts) and the cutting of a large stored doc into pieces to load (doc-pieces.ts)
 * one at a time as they are posted and posts each result back, buffers transferred rather than copied,
 * so heavy work costs this thread's time and memory, never the event loop that serves everyone else.
 * Kept alive between jobs: starting one (and loading mammoth) is the slow part.
 */
import { parentPort } from 'node:worker_threads';
import { type CopyJob, encodeCopy } from '../reports/copy-report.ts';
import { splitStored } from '../rooms/doc-pieces.ts';
import { toDocx } from './export-docx.ts';
import { type ImportJob, runImportJob } from './import-job.ts';
import { ImportRefused } from './import-limits.ts';
import type { ExportModel } from './read-report.ts';
import { UnreadableUpload } from './upload-format.ts';

/** A job posted to the worker. */
export type WorkerJob =
  | { kind: 'import'; job: ImportJob }
  | { kind: 'docx'; model: ExportModel }
  | { kind: 'copy'; job: CopyJob }
  | { kind: 'split'; blobs: Uint8Array[] };

/** What the worker posts back. */
export type WorkerReply =
  | { ok: true; value: unknown }
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

/** The job's result and the buffers to hand over with it. */
async function perform(job: WorkerJob): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  if (job.kind === 'docx') {
    const buffer = await toDocx(job.model);
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
    return { value: bytes, transfer: [bytes.buffer] };
  }
  if (job.kind === 'copy') {
    const copy = encodeCopy(job.job);
    return { value: copy, transfer: [copy.state.buffer as ArrayBuffer] };
  }
  if (job.kind === 'split') {
    const cut = splitStored(job.blobs);
    // A piece may be the merged state itself (one stored update, small): each buffer is handed over once.
    const buffers = new Set([...cut.pieces, cut.merged].map((bytes) => bytes.buffer as ArrayBuffer));
    return { value: cut, transfer: [...buffers] };
  }
  const outcome = await runImportJob(job.job);
  const state = outcome.report?.state;
  return { value: outcome, transfer: state ? [state.buffer as ArrayBuffer] : [] };
}

parentPort!.on('message', (job: WorkerJob) => {
  perform(job).then(
    ({ value, transfer }) => parentPort!.postMessage({ ok: true, value } satisfies WorkerReply, transfer),
    (err: unknown) => parentPort!.postMessage(replyFor(err)),
  );
});
