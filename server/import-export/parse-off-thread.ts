/**
 * Runs an import job (import-job.ts: parse, then summarise or build the report), the writing of a
 * .docx export, a report's copy (copy-report.ts) or the cutting of a large stored doc into pieces to
 * load (doc-pieces.ts) in a worker thread with a memory cap and a time limit: whatever an upload makes the
 * parser do (a zip lying about its sizes, a pathological file), and however long a report is to lay
 * out as Word XML (1.3–2 s of CPU at the import limits), the event loop stays free and the process
 * cannot run out of heap. Finished workers wait for the next import (starting one is the
 * slow part); one that runs out of time or memory is terminated and never reused.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { ApiError } from '../http/errors.ts';
import type { CopyJob } from '../reports/copy-report.ts';
import type { SplitStored } from '../rooms/load-doc.ts';
import type { EncodedDoc } from './encoded-doc.ts';
import type { ImportJob, ImportOutcome } from './import-job.ts';
import { ImportRefused } from './import-limits.ts';
import type { WorkerJob, WorkerReply } from './parse-worker.ts';
import type { ExportModel } from './read-report.ts';
import { UnreadableUpload } from './upload-format.ts';

/** Heap a worker may use; a 10 MiB .docx within IMPORT_LIMITS needs well under half of it. */
export const PARSE_MEMORY_MB = 256;
/** A parse still running after this is stopped (a normal report parses in well under a second). */
export const PARSE_TIMEOUT_MS = 20_000;
/** The same for writing a .docx (a report at the import limits takes a few seconds on a busy machine). */
export const DOCX_TIMEOUT_MS = 60_000;
/** Idle workers kept for the next import. */
const MAX_IDLE = 2;

// Compiled (npm start, dist/app, server/build-server.mjs) the worker is plain .js. Under tsx (tests,
// dev) it is .ts and needs tsx's loader registered in the worker first (`--import tsx` in execArgv
// does not reach a worker's own entry on Node 20), hence a small eval entry.
const compiled = import.meta.url.endsWith('.js');
const WORKER_URL = new URL(`./parse-worker.${compiled ? 'js' : 'ts'}`, import.meta.url);
const OPTIONS: WorkerOptions = {
  resourceLimits: { maxOldGenerationSizeMb: PARSE_MEMORY_MB, maxYoungGenerationSizeMb: 32 },
};

function startWorker(): Worker {
  if (compiled) return new Worker(WORKER_URL, OPTIONS);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(entry, { ...OPTIONS, eval: true });
}

const idle: Worker[] = [];

function release(worker: Worker): void {
  worker.removeAllListeners();
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  // An idle worker must not keep the process alive, nor die unnoticed.
  worker.unref();
  worker.once('exit', () => idle.splice(idle.indexOf(worker) >>> 0, 1));
  idle.push(worker);
}

/** What a job's failures become: its own errors for running out of time or memory. */
interface Failures {
  outOfTime: () => Error;
  outOfMemory: () => Error;
}

const importFailures: Failures = {
  outOfTime: () =>
    new ImportRefused(422, 'import_too_slow', '文件过于复杂，解析超时，请简化格式或分成几份导入'),
  outOfMemory: () =>
    new ImportRefused(413, 'import_out_of_memory', `文件解析所需内存超过 ${PARSE_MEMORY_MB} MB，无法导入`),
};

const docxFailures: Failures = {
  outOfTime: () =>
    new ApiError(503, 'export_too_slow', '报告过长，生成 Word 文件超时，请稍后再试或导出为文本'),
  outOfMemory: () =>
    new ApiError(
      413,
      'export_too_large',
      `报告过长，生成 Word 文件所需内存超过 ${PARSE_MEMORY_MB} MB，请导出为文本`,
    ),
};

const copyFailures: Failures = {
  outOfTime: () => new ApiError(503, 'copy_too_slow', '复制报告超时，请稍后再试'),
  outOfMemory: () => new ApiError(413, 'copy_too_large', `报告过长，复制所需内存超过 ${PARSE_MEMORY_MB} MB`),
};

/** Cutting a doc fails only into the caller's fallback (load-doc.ts applies it at once). */
const splitFailures: Failures = {
  outOfTime: () => new Error('cutting the doc into pieces took too long'),
  outOfMemory: () => new Error('cutting the doc into pieces ran out of memory'),
};

function fromReply(reply: Extract<WorkerReply, { ok: false }>): Error {
  if (reply.refused)
    return new ImportRefused(reply.refused.status, reply.refused.code, reply.refused.message);
  if (reply.unreadable !== undefined) return new UnreadableUpload(reply.unreadable);
  return new Error(`worker: ${reply.error}`);
}

function run<T>(job: WorkerJob, transfer: ArrayBuffer[], timeoutMs: number, failures: Failures): Promise<T> {
  const worker = idle.pop() ?? startWorker();
  worker.removeAllListeners();
  worker.ref();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (reuse: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reuse) release(worker);
      else void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(false, () => reject(failures.outOfTime())), timeoutMs);
    worker.once('message', (reply: WorkerReply) =>
      settle(true, () => (reply.ok ? resolve(reply.value as T) : reject(fromReply(reply)))),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(false, () => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? failures.outOfMemory() : err)),
    );
    worker.once('exit', (code) => settle(false, () => reject(new Error(`worker exited (${code})`))));
    worker.postMessage(job, transfer);
  });
}

/** Runs the import job in a worker; rejects with ImportRefused (limits, memory, time) or UnreadableUpload. */
export function parseOffThread(job: ImportJob, timeoutMs = PARSE_TIMEOUT_MS): Promise<ImportOutcome> {
  const bytes = job.bytes.slice(); // its own buffer, handed over to the worker without copying again
  return run({ kind: 'import', job: { ...job, bytes } }, [bytes.buffer], timeoutMs, importFailures);
}

/** Writes the .docx of an export model in a worker; rejects with an ApiError past its time or memory. */
export function docxOffThread(model: ExportModel, timeoutMs = DOCX_TIMEOUT_MS): Promise<Uint8Array> {
  return run({ kind: 'docx', model }, [], timeoutMs, docxFailures);
}

/** Builds a report's copy from its stored bytes in a worker (the caller bounds how many run). */
export function copyOffThread(job: CopyJob, timeoutMs = PARSE_TIMEOUT_MS): Promise<EncodedDoc> {
  return run({ kind: 'copy', job }, [], timeoutMs, copyFailures);
}

/** Docs being cut at once: loads beyond it wait their turn (each holds a worker and its memory). */
const MAX_SPLITS = 2;
let splitting = 0;
const waitingSplits: (() => void)[] = [];

/** Cuts a large stored doc into pieces to load (load-doc.ts) in a worker, at most MAX_SPLITS at a time. */
export const splitOffThread: SplitStored = async (blobs) => {
  // A finished split hands its slot to the next waiting one.
  if (splitting < MAX_SPLITS) splitting++;
  else await new Promise<void>((resolve) => waitingSplits.push(resolve));
  try {
    return await run({ kind: 'split', blobs }, [], PARSE_TIMEOUT_MS, splitFailures);
  } finally {
    const next = waitingSplits.shift();
    if (next) next();
    else splitting--;
  }
};
