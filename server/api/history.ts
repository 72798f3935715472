import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyRoot } from '../../shared/layout.ts';
import { namedVersionSchema } from '../../shared/schemas.ts';
import { writeRefusal } from '../../shared/workflow.ts';
import type { AppEnv, Deps } from '../context.ts';
import { isoTime, toCsv } from '../history/activity-csv.ts';
import { diffChain } from '../history/diff.ts';
import { restoreSection } from '../history/restore.ts';
import { blockTexts, fitsSchema, readableNode, sectionJson } from '../history/section-content.ts';
import { readJson } from '../http/body.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts';
import { getSection, outlineOf } from '../reports/doc-sections.ts';
import type { Version } from '../storage/versions.ts';
import { membership } from './membership.ts';

/** The most versions a diff walks through (older steps are left out of the authorship chain). */
const MAX_CHAIN = 300;

/**
 * Version history (docs/history.md): every member sees the versions of the sections in the report
 * (all of which they may read); restoring is for a leader, or for the section's writer while they
 * may write it; the audit and the activity export are for leaders.
 */
export function historyRoutes(deps: Deps) {
  const { stores, rooms, history } = deps;
  const app = new Hono<AppEnv>();

  const versionOf = (c: Context<AppEnv>, reportId: string, isLeader: boolean): Version => {
    const id = Number(c.req.param('vid'));
    const v = Number.isSafeInteger(id) ? stores.versions.get(reportId, id) : null;
    // Versions of a deleted section are for leaders only: the section is no longer in what members read.
    if (!v || (!isLeader && !getSection(rooms.get(reportId).doc, v.sectionId))) throw notFound('version');
    return v;
  };

  app.get('/:id/versions', (c) => {
    const { report, role } = membership(c, deps);
    const sectionId = c.req.query('section') || null;
    const doc = rooms.get(report.id).doc;
    if (sectionId && !getSection(doc, sectionId) && role !== 'leader') throw notFound('section');
    const versions = stores.versions
      .list(report.id, sectionId)
      .filter((v) => role === 'leader' || getSection(doc, v.sectionId));
    return c.json({ versions });
  });

  app.post('/:id/versions', async (c) => {
    const { report } = membership(c, deps, ['leader']);
    const body = await readJson(c, namedVersionSchema);
    const room = rooms.get(report.id);
    if (body.sectionId && !getSection(room.doc, body.sectionId)) {
      throw badRequest(`sectionId: no section ${body.sectionId}`);
    }
    if (!room.storageFailing) await room.whenStored();
    const user = c.get('user');
    const sections = body.sectionId ? [body.sectionId] : outlineOf(room.doc).toArray();
    const versions = await history.captureAll(room, sections, 'named', user.id, { name: body.name });
    stores.activity.add(report.id, user.id, 'version.named', { name: body.name, sectionId: body.sectionId });
    return c.json({ versions }, 201);
  });

  app.get('/:id/versions/:vid', (c) => {
    const { report, role } = membership(c, deps);
    const v = versionOf(c, report.id, role === 'leader');
    const content = stores.versions.content(report.id, v.id);
    return c.json({ version: v, content, blocks: blockTexts(readableNode(content)) });
  });

  /** What changed from the version to the section as it is now, with who inserted and deleted what. */
  app.get('/:id/versions/:vid/diff', (c) => {
    const { report, role } = membership(c, deps);
    const v = versionOf(c, report.id, role === 'leader');
    const room = rooms.get(report.id);
    const later = stores.versions
      .list(report.id, v.sectionId, MAX_CHAIN)
      .filter((l) => l.id > v.id)
      .reverse();
    const steps = later.map((l) => ({
      doc: readableNode(stores.versions.content(report.id, l.id)),
      authors: l.authors,
    }));
    steps.push({
      doc: readableNode(sectionJson(room.doc, v.sectionId)),
      authors: history.openAuthors(room, v.sectionId),
    });
    const base = readableNode(stores.versions.content(report.id, v.id));
    return c.json({ version: v, ...diffChain(base, steps) });
  });

  app.post('/:id/versions/:vid/restore', async (c) => {
    const { report, role } = membership(c, deps, ['leader', 'writer']);
    const user = c.get('user');
    const v = versionOf(c, report.id, role === 'leader');
    const room = rooms.get(report.id);
    const section = getSection(room.doc, v.sectionId);
    if (!section) throw notFound('section');
    if (role !== 'leader') {
      const refusal = writeRefusal(section, 'writer', user.id);
      if (refusal)
        throw forbidden(`不能恢复此章节：只有牵头人或可编辑此章节的负责人可以恢复 (section ${refusal})`);
    }
    const content = stores.versions.content(report.id, v.id);
    // Putting it back through the editor schema would drop what the schema does not know.
    if (!fitsSchema(content))
      throw conflict(
        '不能恢复此版本：其中有编辑器无法显示的内容，恢复会丢失它 (version holds content outside the editor schema)',
      );
    // The writers' last keystrokes are stored, and in a version of their own, before the restore.
    if (!room.storageFailing) await room.whenStored();
    history.checkpoint(room, v.sectionId);
    restoreSection(room, v.sectionId, content, user.id);
    const version = history.capture(room, v.sectionId, 'restore', user.id, {
      restoredFrom: v.id,
      authors: [user.id],
    });
    stores.activity.add(report.id, user.id, 'section.restore', { sectionId: v.sectionId, versionId: v.id });
    return c.json({ version });
  });

  /** Who changed this section when (from the update log, kept through compaction): leaders only. */
  app.get('/:id/sections/:sid/audit', (c) => {
    const { report } = membership(c, deps, ['leader']);
    const sid = c.req.param('sid');
    return c.json({ entries: stores.updateHistory.audit(report.id, bodyRoot(sid)) });
  });

  /** The report's activity and section edits as CSV: leaders only. */
  app.get('/:id/activity.csv', (c) => {
    const { report } = membership(c, deps, ['leader']);
    const names = new Map(stores.reports.members(report.id).map((m) => [m.userId, m.displayName]));
    const who = (id: string | null) => (id ? (names.get(id) ?? id) : '系统');
    const doc = rooms.get(report.id).doc;
    const rows: { at: number; cells: (string | number)[] }[] = [];
    for (const a of stores.activity.list(report.id, 100_000)) {
      const sid = typeof a.detail.sectionId === 'string' ? a.detail.sectionId : '';
      rows.push({
        at: a.createdAt,
        cells: [isoTime(a.createdAt), who(a.userId), a.action, sid, '', '', JSON.stringify(a.detail)],
      });
    }
    const sections = outlineOf(doc).toArray();
    const audits = stores.updateHistory.audits(report.id, sections.map(bodyRoot));
    for (const sid of sections) {
      for (const e of audits.get(bodyRoot(sid)) ?? []) {
        rows.push({
          at: e.startedAt,
          cells: [isoTime(e.startedAt), who(e.userId), 'section.edit', sid, e.added, e.removed, ''],
        });
      }
    }
    rows.sort((a, b) => a.at - b.at);
    const csv = toCsv(
      ['时间', '用户', '操作', '章节', '增加字数', '删除字数', '详情'],
      rows.map((r) => r.cells),
    );
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="activity-${report.id}.csv"`,
    });
  });

  return app;
}
