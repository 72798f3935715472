import type { Db } from './db.ts';
import type { User } from './types.ts';

export interface Group {
  id: string;
  name: string;
  createdAt: number;
}

/** Groups of users (科室) an admin keeps, so a leader can add a whole department to a report at once. */
export class GroupStore {
  constructor(private readonly db: Db) {}

  create(group: Group): Group {
    this.db
      .prepare('INSERT INTO user_groups (id, name, created_at) VALUES (?, ?, ?)')
      .run(group.id, group.name, group.createdAt);
    return group;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM user_groups').get() as { n: number }).n;
  }

  byId(id: string): Group | null {
    return (
      (this.db.prepare('SELECT id, name, created_at AS createdAt FROM user_groups WHERE id = ?').get(id) as
        | Group
        | undefined) ?? null
    );
  }

  byName(name: string): Group | null {
    return (
      (this.db
        .prepare('SELECT id, name, created_at AS createdAt FROM user_groups WHERE name = ?')
        .get(name) as Group | undefined) ?? null
    );
  }

  /** Every group by name, with how many members it has. */
  list(): (Group & { memberCount: number })[] {
    return this.db
      .prepare(
        `SELECT g.id, g.name, g.created_at AS createdAt, COUNT(m.user_id) AS memberCount
         FROM user_groups g LEFT JOIN user_group_members m ON m.group_id = g.id
         GROUP BY g.id, g.name, g.created_at ORDER BY g.name`,
      )
      .all() as (Group & { memberCount: number })[];
  }

  rename(id: string, name: string): boolean {
    return this.db.prepare('UPDATE user_groups SET name = ? WHERE id = ?').run(name, id).changes > 0;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM user_groups WHERE id = ?').run(id).changes > 0;
  }

  addMember(groupId: string, userId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO user_group_members (group_id, user_id) VALUES (?, ?)')
      .run(groupId, userId);
  }

  removeMember(groupId: string, userId: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM user_group_members WHERE group_id = ? AND user_id = ?')
        .run(groupId, userId).changes > 0
    );
  }

  /** The group's users, in the order they were created. */
  members(groupId: string): User[] {
    return (
      this.db
        .prepare(
          `SELECT u.id, u.username, u.display_name AS displayName FROM user_group_members m
           JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.created_at, u.username`,
        )
        .all(groupId) as Omit<User, 'isAdmin'>[]
    ).map((u) => ({ ...u, isAdmin: false }));
  }

  /** Every membership, for the admin page (one query instead of one per group). */
  allMemberships(): { groupId: string; userId: string }[] {
    return this.db.prepare('SELECT group_id AS groupId, user_id AS userId FROM user_group_members').all() as {
      groupId: string;
      userId: string;
    }[];
  }
}
