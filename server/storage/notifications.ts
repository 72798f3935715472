import type { Db } from './db.ts';

/** Comment notices, then workflow notices (their `commentId` is ''). */
export type NotificationKind =
  | 'thread'
  | 'mention'
  | 'reply'
  | 'assigned'
  | 'submitted'
  | 'approved'
  | 'returned'
  | 'overdue';

export interface Notification {
  id: number;
  reportId: string;
  kind: NotificationKind;
  commentId: string;
  sectionId: string | null;
  actorId: string | null;
  excerpt: string;
  createdAt: number;
  readAt: number | null;
}

type NewNotification = Omit<Notification, 'id' | 'createdAt' | 'readAt'> & { userId: string };

const COLUMNS = `id, report_id AS reportId, kind, comment_id AS commentId, section_id AS sectionId,
  actor_id AS actorId, excerpt, created_at AS createdAt, read_at AS readAt`;

/** Per-user inbox: comment and workflow notifications. */
export class NotificationStore {
  constructor(private readonly db: Db) {}

  add(n: NewNotification): Notification {
    const createdAt = Date.now();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO notifications (user_id, report_id, kind, comment_id, section_id, actor_id, excerpt, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(n.userId, n.reportId, n.kind, n.commentId, n.sectionId, n.actorId, n.excerpt, createdAt);
    const { userId: _, ...rest } = n;
    return { ...rest, id: Number(lastInsertRowid), createdAt, readAt: null };
  }

  list(userId: string, onlyUnread: boolean, limit = 100): Notification[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM notifications WHERE user_id = ? ${onlyUnread ? 'AND read_at IS NULL' : ''}
         ORDER BY id DESC LIMIT ?`,
      )
      .all(userId, limit) as Notification[];
  }

  /** One of the user's notifications (cluster mode: pushing one another node stored). */
  byId(userId: string, id: number): Notification | null {
    return (
      (this.db.prepare(`SELECT ${COLUMNS} FROM notifications WHERE user_id = ? AND id = ?`).get(userId, id) as
        | Notification
        | undefined) ?? null
    );
  }

  /** The user's notifications after `afterId`, oldest first (catching up after a missed push). */
  after(userId: string, afterId: number, limit = 100): Notification[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM notifications WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?`)
      .all(userId, afterId, limit) as Notification[];
  }

  /** The id of the user's newest notification (0 when none). */
  lastId(userId: string): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM notifications WHERE user_id = ?').get(userId) as {
      id: number | null;
    };
    return row.id ?? 0;
  }

  unreadCount(userId: string): number {
    return (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL')
        .get(userId) as { n: number }
    ).n;
  }

  /** Marks the given ids (or all) read; only the user's own. */
  markRead(userId: string, ids?: number[]): void {
    const now = Date.now();
    if (!ids) {
      this.db
        .prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL')
        .run(now, userId);
      return;
    }
    const mark = this.db.prepare(
      'UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL',
    );
    this.db.transaction(() => {
      for (const id of ids) mark.run(now, userId, id);
    })();
  }
}
