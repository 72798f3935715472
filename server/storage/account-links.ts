import type { Db } from './db.ts';

/** `invite`: a new account may be made with it; `reset`: its user may set a new password. */
export type LinkKind = 'invite' | 'reset';

export interface AccountLink {
  id: string;
  kind: LinkKind;
  /** reset: whose password. */
  userId: string | null;
  /** invite: the group (科室) the new account joins. */
  groupId: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
}

const COLUMNS = `id, kind, user_id AS userId, group_id AS groupId, created_by AS createdBy,
  created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt, used_by AS usedBy`;

/**
 * Single-use, expiring links an admin hands out (docs/security.md, "Invites and resets"). Only the
 * token's hash is stored, as for sessions; `claim` marks a link used in the statement that checks it.
 */
export class AccountLinkStore {
  constructor(private readonly db: Db) {}

  create(link: Omit<AccountLink, 'usedAt' | 'usedBy'>, tokenHash: string): void {
    this.db
      .prepare(
        `INSERT INTO account_links (id, token_hash, kind, user_id, group_id, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        link.id,
        tokenHash,
        link.kind,
        link.userId,
        link.groupId,
        link.createdBy,
        link.createdAt,
        link.expiresAt,
      );
  }

  byToken(tokenHash: string, kind: LinkKind): AccountLink | null {
    return (
      (this.db
        .prepare(`SELECT ${COLUMNS} FROM account_links WHERE token_hash = ? AND kind = ?`)
        .get(tokenHash, kind) as AccountLink | undefined) ?? null
    );
  }

  /** Marks the link used by `userId` if it is still unused and unexpired; false otherwise (a race lost). */
  claim(tokenHash: string, userId: string, now: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE account_links SET used_at = ?, used_by = ?
           WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
        )
        .run(now, userId, tokenHash, now).changes > 0
    );
  }

  /** Links not used and not expired. */
  openCount(now: number): number {
    return (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM account_links WHERE used_at IS NULL AND expires_at > ?')
        .get(now) as { n: number }
    ).n;
  }

  /** Invites made since `since`, newest first (open, used and expired: the admin page shows all three). */
  invites(since: number, limit: number): AccountLink[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM account_links WHERE kind = 'invite' AND created_at >= ?
         ORDER BY created_at DESC LIMIT ?`,
      )
      .all(since, limit) as AccountLink[];
  }

  /** Ends an unused link at once (revoked); false when there is no such open link. */
  revoke(id: string, now: number): boolean {
    return (
      this.db
        .prepare(
          'UPDATE account_links SET expires_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?',
        )
        .run(now, id, now).changes > 0
    );
  }

  /** Ends every open reset link of the user (a new reset, or a password set another way). */
  endResets(userId: string, now: number): void {
    this.db
      .prepare(
        `UPDATE account_links SET expires_at = ?
         WHERE kind = 'reset' AND user_id = ? AND used_at IS NULL AND expires_at > ?`,
      )
      .run(now, userId, now);
  }
}
