import type { Db } from './db.ts';

/** Binds each Yjs client id in a report to the user who first wrote with it, so authorship cannot be forged. */
export class ClientIdStore {
  constructor(private readonly db: Db) {}

  /** All bindings of a report, loaded with its room. */
  load(reportId: string): Map<number, string> {
    const rows = this.db
      .prepare('SELECT client_id, user_id FROM client_ids WHERE report_id = ?')
      .all(reportId) as {
      client_id: number;
      user_id: string;
    }[];
    return new Map(rows.map((r) => [r.client_id, r.user_id]));
  }

  bind(reportId: string, clientId: number, userId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO client_ids (report_id, client_id, user_id) VALUES (?, ?, ?)')
      .run(reportId, clientId, userId);
  }
}
