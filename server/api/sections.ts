import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { SectionInfo } from '../../shared/layout.ts';
import { createSectionSchema, moveSectionSchema, updateSectionSchema } from '../../shared/schemas.ts';
import { transitionError } from '../../shared/workflow.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts';
import { workflowNotices } from '../notifications/workflow.ts';
import {
  addSection,
  deleteSection,
  getSection,
  moveSection,
  outlineOf,
  setSectionFields,
} from '../reports/doc-sections.ts';
import { clearClosing, graceFor, writersCut } from '../reports/grace.ts';
import { approvalBlock } from '../suggestions/approval-block.ts';
import { membership } from './membership.ts';

/** Transitions that take a version of the section (提交审阅, 定稿, 退回). */
const HISTORY_TRANSITIONS = new Set(['submitted', 'approved', 'returned']);

const newSectionId = () => `s${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;

/** Sections: applied by the server to the report's Y.Doc, so open clients see every change live. */
export function sectionRoutes(deps: Deps) {
  const { stores, rooms, notifications } = deps;
  const app = new Hono<AppEnv>();

  const mustExist = (reportId: string, sid: string) => {
    const section = getSection(rooms.get(reportId).doc, sid);
    if (!section) throw notFound('section');
    return section;
  };

  const notifyWorkflow = (reportId: string, before: SectionInfo, after: SectionInfo, actorId: string) => {
    const leaders = stores.reports
      .members(reportId)
      .filter((m) => m.role === 'leader')
      .map((m) => m.userId);
    for (const n of workflowNotices(before, after, actorId, leaders)) {
      notifications.notify(n.userIds, (userId) => ({
        userId,
        reportId,
        kind: n.kind,
        commentId: '',
        sectionId: after.id,
        actorId,
        excerpt: n.excerpt,
      }));
    }
  };

  app.post('/:id/sections', async (c) => {
    const { report } = membership(c, deps, ['leader']);
    const body = await readJson(c, createSectionSchema);
    const user = c.get('user');
    const section = {
      id: newSectionId(),
      title: body.title,
      level: body.level ?? 1,
      assignees: [],
      status: 'todo' as const,
      due: null,
    };
    const added = rooms.get(report.id).change(user.id, (doc) => addSection(doc, section, body.after));
    if (!added) throw badRequest(`after: no section ${body.after}`);
    stores.activity.add(report.id, user.id, 'section.create', {
      sectionId: section.id,
      title: section.title,
    });
    return c.json({ section }, 201);
  });

  app.patch('/:id/sections/:sid', async (c) => {
    const { report, role } = membership(c, deps, ['leader', 'writer']);
    const body = await readJson(c, updateSectionSchema);
    const user = c.get('user');
    const sid = c.req.param('sid');
    const current = mustExist(report.id, sid);
    const isLeader = role === 'leader';
    if (!isLeader) {
      const onlyStatus = Object.keys(body).every((k) => k === 'status');
      if (!current.assignees.includes(user.id) || !onlyStatus) {
        throw forbidden('只有牵头人可以修改此章节；负责人只能提交 (only leaders; assignees may only submit)');
      }
    }
    if (body.assignees) {
      const unknown = body.assignees.find(
        (id) => !['leader', 'writer'].includes(stores.reports.role(report.id, id) ?? ''),
      );
      if (unknown) throw badRequest(`assignees: ${unknown} is not a writer or leader of this report`);
    }
    if (body.status) {
      const problem = transitionError(current.status, body.status, isLeader ? 'leader' : 'assignee');
      if (problem) throw conflict(problem);
      if (body.status === 'approved') approvalBlock(rooms.get(report.id).doc, sid, body.force === true);
    }
    const { force: _force, ...changes } = body;
    const fields = {
      ...changes,
      assignees: body.assignees ? [...new Set(body.assignees)] : undefined,
      // A return note lives only while the section is returned.
      note: body.status === 'returned' ? (body.note ?? '') : body.status ? null : undefined,
    };
    const room = rooms.get(report.id);
    const next = { status: body.status ?? current.status, assignees: fields.assignees ?? current.assignees };
    const cut = writersCut(room, current, next, user.id, (id) => stores.reports.role(report.id, id));
    if (cut.length > 0 && deps.config.workflowGraceMs > 0) {
      // Someone is typing here and would lose the right to: say so, let their last keys arrive,
      // then check again (another leader, or a deletion, may have moved things on meanwhile).
      const names = new Map(stores.reports.members(report.id).map((m) => [m.userId, m.displayName]));
      await graceFor(room, sid, deps.config.workflowGraceMs, {
        byId: user.id,
        by: user.displayName || user.username,
        status: body.status ?? null,
        writers: cut.map((id) => names.get(id) ?? id),
        recheck: (now) => {
          if (!now) throw notFound('section');
          const problem =
            body.status && transitionError(now.status, body.status, isLeader ? 'leader' : 'assignee');
          if (problem) throw conflict(problem);
        },
      });
    }
    // Everything written before this change (the last keystrokes of whoever it stops) is stored first.
    if (!room.storageFailing) await room.whenStored();
    room.change(user.id, (doc) => {
      setSectionFields(doc, sid, fields);
      clearClosing(doc, sid);
    });
    if (body.status && HISTORY_TRANSITIONS.has(body.status) && body.status !== current.status) {
      deps.history.capture(room, sid, body.status as 'submitted' | 'approved' | 'returned', user.id);
    }
    stores.activity.add(report.id, user.id, body.status ? `section.${body.status}` : 'section.update', {
      sectionId: sid,
      ...body,
    });
    const after = getSection(rooms.get(report.id).doc, sid);
    if (after) {
      if (body.due !== undefined) stores.dueReminders.set(report.id, sid, after.due);
      notifyWorkflow(report.id, current, after, user.id);
    }
    return c.json({ section: after });
  });

  app.delete('/:id/sections/:sid', (c) => {
    const { report } = membership(c, deps, ['leader']);
    const sid = c.req.param('sid');
    const { title } = mustExist(report.id, sid);
    rooms.get(report.id).change(c.get('user').id, (doc) => deleteSection(doc, sid));
    stores.dueReminders.set(report.id, sid, null);
    stores.activity.add(report.id, c.get('user').id, 'section.delete', { sectionId: sid, title });
    return c.body(null, 204);
  });

  app.post('/:id/sections/:sid/move', async (c) => {
    const { report } = membership(c, deps, ['leader']);
    const { after } = await readJson(c, moveSectionSchema);
    const sid = c.req.param('sid');
    mustExist(report.id, sid);
    const room = rooms.get(report.id);
    if (!room.change(c.get('user').id, (doc) => moveSection(doc, sid, after))) {
      throw badRequest(`after: ${after} is not another section of this report`);
    }
    stores.activity.add(report.id, c.get('user').id, 'section.move', { sectionId: sid, after });
    return c.json({ outline: outlineOf(room.doc).toArray() });
  });

  return app;
}
