/**
 * Worker thread entry: runs import jobs (import-job.ts) one at a time as they are posted and posts
 * each outcome back, the encoded doc's buffer transferred rather than copied, so a heavy file costs
 * this thread's time and memory, never the event loop that serves everyone else. Kept alive between
 * imports: starting one (and loading mammoth) is the slow part.
 */
import { parentPort } from 'node:worker_threads';
import { type ImportJob, type ImportOutcome, runImportJob } from './import-job.ts';
import { ImportRefused } from './import-limits.ts';
import { UnreadableUpload } from './parse-upload.ts';

/** What the worker posts back. */
export type WorkerReply =
  | { ok: true; outcome: ImportOutcome }
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

parentPort!.on('message', (job: ImportJob) => {
  runImportJob(job).then(
    (outcome) => {
      const state = outcome.report?.state;
      parentPort!.postMessage(
        { ok: true, outcome } satisfies WorkerReply,
        state ? [state.buffer as ArrayBuffer] : [],
      );
    },
    (err: unknown) => parentPort!.postMessage(replyFor(err)),
  );
});
