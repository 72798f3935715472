import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Db } from './db.ts';

/** Why a version was taken. */
export type VersionKind = 'auto' | 'submitted' | 'approved' | 'returned' | 'named' | 'restore' | 'suggestion';

/** A stored version of one section, without its content. */
export interface Version {
  id: number;
  sectionId: string;
  kind: VersionKind;
  /** A leader's name for it (送审稿), for `named` versions. */
  name: string | null;
  /** Who caused it (the transition's actor, the restorer); null for automatic ones. */
  createdBy: string | null;
  /** Who edited the section since the previous version. */
  authors: string[];
  /** Characters added and removed since the previous version. */
  added: number;
  removed: number;
  /** For a restore: the version put back. */
  restoredFrom: number | null;
  createdAt: number;
}

export type NewVersion = Omit<Version, 'id' | 'createdAt'> & { content: unknown; createdAt?: number };

interface Row {
  id: number;
  sectionId: string;
  kind: VersionKind;
  name: string | null;
  createdBy: string | null;
  authors: string;
  added: number;
  removed: number;
  restoredFrom: number | null;
  createdAt: number;
}

const COLUMNS = `id, section_id AS sectionId, kind, name, created_by AS createdBy, authors, added, removed,
  restored_from AS restoredFrom, created_at AS createdAt`;

const fromRow = (row: Row): Version => ({ ...row, authors: JSON.parse(row.authors) as string[] });

/**
 * Section versions beside the update log: each holds the section's content (ProseMirror JSON, deflated)
 * so it can be shown, compared and restored without replaying the log. Written only by the server.
 * Narrow on purpose (add, list, get, content), so another database can implement it.
 */
export class VersionStore {
  private readonly insert;
  private readonly bySection;
  private readonly byReport;
  private readonly one;
  private readonly contentOf;
  private readonly latestOf;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO versions (report_id, section_id, kind, name, created_by, authors, added, removed, content,
         restored_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.bySection = db.prepare(
      `SELECT ${COLUMNS} FROM versions WHERE report_id = ? AND section_id = ? ORDER BY id DESC LIMIT ?`,
    );
    this.byReport = db.prepare(
      `SELECT ${COLUMNS} FROM versions WHERE report_id = ? ORDER BY id DESC LIMIT ?`,
    );
    this.one = db.prepare(`SELECT ${COLUMNS} FROM versions WHERE report_id = ? AND id = ?`);
    this.contentOf = db.prepare('SELECT content FROM versions WHERE report_id = ? AND id = ?');
    this.latestOf = db.prepare(
      `SELECT ${COLUMNS} FROM versions WHERE report_id = ? AND section_id = ? ORDER BY id DESC LIMIT 1`,
    );
  }

  add(reportId: string, v: NewVersion): Version {
    const createdAt = v.createdAt ?? Date.now();
    const content = deflateRawSync(JSON.stringify(v.content));
    const { lastInsertRowid } = this.insert.run(
      reportId,
      v.sectionId,
      v.kind,
      v.name,
      v.createdBy,
      JSON.stringify(v.authors),
      v.added,
      v.removed,
      content,
      v.restoredFrom,
      createdAt,
    );
    const { content: _content, ...meta } = v;
    return { ...meta, id: Number(lastInsertRowid), createdAt };
  }

  /** Newest first; one section's, or the whole report's. */
  list(reportId: string, sectionId: string | null, limit = 500): Version[] {
    const rows = (
      sectionId ? this.bySection.all(reportId, sectionId, limit) : this.byReport.all(reportId, limit)
    ) as Row[];
    return rows.map(fromRow);
  }

  get(reportId: string, id: number): Version | null {
    const row = this.one.get(reportId, id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  latest(reportId: string, sectionId: string): Version | null {
    const row = this.latestOf.get(reportId, sectionId) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The version's content as stored (ProseMirror JSON), or null when there is no such version. */
  content(reportId: string, id: number): unknown {
    const row = this.contentOf.get(reportId, id) as { content: Buffer } | undefined;
    return row ? JSON.parse(inflateRawSync(row.content).toString('utf8')) : null;
  }
}
