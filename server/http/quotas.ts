/**
 * Per-user quotas on REST work that costs the server memory or CPU, so that one account inside every
 * other limit cannot exhaust it (issue 13.9). Figures: docs/api.md, "Quotas". Counters live in this
 * process (like the socket limits); a restart forgets rates, never stored counts.
 */
import { ApiError } from './errors.ts';
import { InFlight } from './in-flight.ts';

export const QUOTAS = {
  /** Exports being written at once: per user, and for everyone together. */
  exportsPerUser: 1,
  exportsTotal: 2,
  // Comment writes (new thread, reply, edit, resolve, delete): 30 at once, then 20 a minute (api/comments.ts).
  /** Live notification streams per user (each browser tab holds one). */
  streamsPerUser: 10,
  /** Most activity entries one call returns. */
  activityLimit: 500,
} as const;

const tooMany = (code: string, message: string, retryAfterS: number) =>
  new ApiError(429, code, message, { 'retry-after': String(retryAfterS) });

/** Reports a user may have created (new, from a template, copied or imported): MAX_REPORTS_PER_USER. */
export function checkReportQuota(created: number, max: number): void {
  if (created >= max)
    throw new ApiError(
      403,
      'quota_reports',
      `你创建的报告已达上限（${max} 份），请删除不用的报告或联系管理员 (report quota reached)`,
    );
}

/** Exports in flight: 429 over the user's share, 503 when the server is busy with others'. */
export class ExportSlots {
  private readonly slots = new InFlight(QUOTAS.exportsPerUser, QUOTAS.exportsTotal);

  start(userId: string): () => void {
    const slot = this.slots.start(userId);
    if ('release' in slot) return slot.release;
    if (slot.refused === 'key')
      throw tooMany('export_in_progress', '你的上一个导出尚未完成，请稍候再试 (an export is running)', 2);
    throw new ApiError(503, 'export_busy', '服务器正在处理其他导出，请稍后再试 (server busy)', {
      'retry-after': '3',
    });
  }
}

/** Live notification streams per user. */
export class StreamSlots {
  private readonly slots = new InFlight(QUOTAS.streamsPerUser);

  start(userId: string): () => void {
    const slot = this.slots.start(userId);
    if ('release' in slot) return slot.release;
    throw tooMany(
      'too_many_streams',
      `通知连接过多（最多 ${QUOTAS.streamsPerUser} 个），请关闭一些标签页 (too many notification streams)`,
      30,
    );
  }
}

/** `?limit=` of a list: 1 to `max`, else 400; `fallback` when absent. */
export function listLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max)
    throw new ApiError(400, 'bad_request', `limit: 应为 1 到 ${max} 之间的整数 (expected 1–${max})`);
  return n;
}
