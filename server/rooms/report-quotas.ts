import { CloseCode } from '../../shared/close-codes.ts';
import { closeReason } from '../../shared/protocol.ts';
import { UserQuota } from './user-quota.ts';
import { DEFAULT_WRITE_QUOTAS, type WriteQuotas } from './write-quotas.ts';

/** How to close a connection whose write a quota stops. */
export interface QuotaClose {
  code: number;
  reason: string;
}

const TOO_MANY_CLIENT_IDS: QuotaClose = {
  code: CloseCode.tryAgainLater,
  reason: 'too many new client ids for this report, try again later',
};

/**
 * The write quotas (write-quotas.ts) with their counters: made once per room deps and shared by every
 * room, so they outlive a room. Counted per user and report: what they bound lives in one report's doc.
 */
export class WriteQuotaCounters {
  readonly settings: WriteQuotas;
  private readonly clientIds: UserQuota;
  private readonly restores: UserQuota;

  constructor(quotas: Partial<WriteQuotas> = {}) {
    this.settings = { ...DEFAULT_WRITE_QUOTAS, ...quotas };
    this.clientIds = new UserQuota(this.settings.newClientIdsPerHour);
    this.restores = new UserQuota(this.settings.formatRestoresPerHour);
  }

  /**
   * Takes `count` new client ids of one update (or presence state) for `userId`, or says how to close:
   * more than an update may bring is refused (4403); over the hourly quota, try later (1013).
   */
  takeNewIds(reportId: string, userId: string, count: number): QuotaClose | null {
    if (count === 0) return null;
    const perMessage = this.settings.newClientIdsPerMessage;
    if (count > perMessage) {
      const reason = `update refused: update brings ${count} new client ids (limit ${perMessage})`;
      return { code: CloseCode.forbidden, reason: closeReason(reason) };
    }
    return this.clientIds.take(key(reportId, userId), count) ? null : TOO_MANY_CLIENT_IDS;
  }

  /** Whether the server may still restore formatting for `userId`'s marker deletions (format-markers.ts). */
  mayRestore(reportId: string, userId: string): boolean {
    return this.restores.available(key(reportId, userId)) >= 1;
  }

  /** Counts `runs` restored runs (each added markers for good) against `userId`. */
  restored(reportId: string, userId: string, runs: number): void {
    this.restores.spend(key(reportId, userId), runs);
  }
}

const key = (reportId: string, userId: string) => `${reportId}\n${userId}`;
