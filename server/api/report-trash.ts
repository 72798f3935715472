import { Hono } from 'hono';
import { META } from '../../shared/layout.ts';
import { renameReportSchema } from '../../shared/schemas.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { TRASH_MS, trashReport } from '../reports/trash.ts';
import { membership } from './membership.ts';

/** Rename and delete a report (its leaders), mounted under /api/reports. */
export function reportRenameRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();

  app.patch('/:id', async (c) => {
    const { report, role } = membership(c, deps, ['leader']);
    const { title } = await readJson(c, renameReportSchema);
    const user = c.get('user');
    if (title !== report.title) {
      stores.reports.setTitle(report.id, title);
      // The doc's title too: open editors and the exports read it there.
      rooms.get(report.id).change(user.id, (doc) => doc.getMap(META).set('title', title));
      stores.activity.add(report.id, user.id, 'report.rename', { from: report.title, to: title });
    }
    return c.json({ report: { ...report, title, role } });
  });

  app.delete('/:id', (c) => {
    const { report } = membership(c, deps, ['leader']);
    const user = c.get('user');
    const now = Date.now();
    stores.activity.add(report.id, user.id, 'report.delete', { title: report.title });
    if (!trashReport(deps, report.id, user.id, now)) throw notFound('report');
    return c.json({ deletedAt: now, purgeAt: now + TRASH_MS });
  });

  return app;
}

/** The trash of deleted reports (admins), mounted under /api/trash. */
export function trashRoutes({ stores }: Deps) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    if (!c.get('user').isAdmin) throw forbidden('只有管理员可以查看和恢复已删除的报告 (admins only)');
    await next();
  });

  app.get('/', (c) => {
    const name = (id: string) => stores.accounts.byId(id)?.displayName ?? id;
    const reports = stores.reports.trashed().map((r) => ({
      ...r,
      deletedByName: name(r.deletedBy),
      purgeAt: r.deletedAt + TRASH_MS,
    }));
    return c.json({ reports });
  });

  app.post('/:id/restore', (c) => {
    const id = c.req.param('id');
    if (!stores.reports.restore(id)) throw notFound('deleted report');
    stores.activity.add(id, c.get('user').id, 'report.restore', {});
    return c.json({ report: stores.reports.byId(id) });
  });

  return app;
}
