import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { reportProgress } from '../../shared/progress.ts';
import { createReportSchema } from '../../shared/schemas.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { initReport, listSections } from '../reports/doc-sections.ts';
import { membership } from './membership.ts';

/** Create, list and read reports. */
export function reportRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const { title } = await readJson(c, createReportSchema);
    const user = c.get('user');
    const report = { id: randomUUID(), title, createdBy: user.id, createdAt: Date.now() };
    stores.reports.create(report, user.id);
    stores.activity.add(report.id, user.id, 'report.create', { title });
    rooms.get(report.id).change(user.id, (doc) => initReport(doc, title, report.createdAt));
    return c.json({ report: { ...report, role: 'leader' } }, 201);
  });

  app.get('/', (c) => {
    const reports = stores.reports.listFor(c.get('user').id).map((report) => {
      const { totals } = reportProgress(rooms.get(report.id).doc);
      return { ...report, progress: totals };
    });
    return c.json({ reports });
  });

  app.get('/:id', (c) => {
    const { report, role } = membership(c, deps);
    return c.json({
      report: { ...report, role },
      members: stores.reports.members(report.id),
      sections: listSections(rooms.get(report.id).doc),
    });
  });

  app.get('/:id/progress', (c) => {
    const { report } = membership(c, deps);
    return c.json(reportProgress(rooms.get(report.id).doc));
  });

  app.get('/:id/activity', (c) => {
    const { report } = membership(c, deps);
    const limit = Math.min(Number(c.req.query('limit')) || 100, 500);
    const before = Number(c.req.query('before')) || undefined;
    return c.json({ activity: stores.activity.list(report.id, limit, before) });
  });

  return app;
}
