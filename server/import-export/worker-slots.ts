/**
 * Imports and copies of reports run in worker threads (parse-off-thread.ts): one per user at a time,
 * and no more in all than the machine has cores for, so one account cannot take every core.
 */
import { ApiError } from '../http/errors.ts';
import { InFlight } from '../http/in-flight.ts';

const slots = new InFlight(1, 2);

const REFUSALS = {
  import: {
    mine: ['import_in_progress', '你的上一个导入尚未完成，请稍候再试'],
    all: ['import_busy', '服务器正在处理其他导入，请稍后再试'],
  },
  copy: {
    mine: ['copy_in_progress', '你的上一个导入或复制尚未完成，请稍候再试'],
    all: ['copy_busy', '服务器正在处理其他导入或复制，请稍后再试'],
  },
} as const;

/** Runs `work` in a slot: 429 when the user's is taken, 503 when all are (with Retry-After). */
export async function inWorkerSlot<T>(
  userId: string,
  what: keyof typeof REFUSALS,
  work: () => Promise<T>,
): Promise<T> {
  const slot = slots.start(userId);
  if ('refused' in slot) {
    const [code, message] = slot.refused === 'key' ? REFUSALS[what].mine : REFUSALS[what].all;
    throw slot.refused === 'key'
      ? new ApiError(429, code, message, { 'retry-after': '2' })
      : new ApiError(503, code, message, { 'retry-after': '5' });
  }
  try {
    return await work();
  } finally {
    slot.release();
  }
}
