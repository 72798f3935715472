import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { reportProgress } from '../../shared/progress.ts';
import { createReportSchema } from '../../shared/schemas.ts';
import { templateById } from '../../shared/templates.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { checkReportQuota, listLimit, QUOTAS } from '../http/quotas.ts';
import { copyOffThread } from '../import-export/parse-off-thread.ts';
import { storeImported } from '../import-export/store-imported.ts';
import { inWorkerSlot } from '../import-export/worker-slots.ts';
import { storedSource } from '../reports/copy-source.ts';
import { initReport, listSections } from '../reports/doc-sections.ts';
import { listedProgress } from '../reports/listed-progress.ts';
import { fillFromTemplate } from '../reports/report-from.ts';
import { StorageUnavailable } from '../rooms/storage-unavailable.ts';
import { membership } from './membership.ts';

/** Create, list and read reports. */
export function reportRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const { title, template: templateId, from } = await readJson(c, createReportSchema);
    const user = c.get('user');
    checkReportQuota(stores.reports.countCreatedBy(user.id), deps.config.maxReportsPerUser);
    const template = templateId ? templateById(templateId)! : undefined;
    // Copying a report needs only to be able to read it; someone outside it learns nothing from the 404.
    if (from !== undefined && !stores.reports.role(from, user.id)) throw notFound('report');
    const report = { id: randomUUID(), title, createdBy: user.id, createdAt: Date.now() };
    // The same team: the source's members join with their roles (the creator stays leader).
    const team = from === undefined ? [] : stores.reports.members(from).filter((m) => m.userId !== user.id);
    // A copy is built in a worker from the source's stored bytes before anything is created.
    const copy =
      from === undefined
        ? null
        : await inWorkerSlot(user.id, 'copy', async () =>
            copyOffThread({
              blobs: await storedSource(deps, from),
              title,
              createdAt: report.createdAt,
              members: [user.id, ...team.map((m) => m.userId)],
            }),
          );
    stores.reports.create(report, user.id);
    for (const m of team) stores.reports.setRole(report.id, m.userId, m.role);
    if (copy) {
      try {
        await storeImported(stores, report.id, user.id, copy);
      } catch (err) {
        // Nothing of it is stored: out of sight at once, purged with the trash.
        stores.reports.trash(report.id, user.id, Date.now());
        console.error(`coreport: storing the copy ${report.id} failed:`, err);
        throw new StorageUnavailable('storage is failing; nothing was copied, try later');
      }
    } else {
      rooms.get(report.id).change(user.id, (doc) => {
        if (template) fillFromTemplate(doc, template, title, report.createdAt, user.id);
        else initReport(doc, title, report.createdAt);
      });
    }
    stores.activity.add(report.id, user.id, 'report.create', {
      title,
      ...(templateId ? { template: templateId } : {}),
      ...(from ? { from } : {}),
    });
    return c.json({ report: { ...report, role: 'leader' } }, 201);
  });

  // A page at a time: `?limit=` (default and most 100), `?before=` the `createdAt` of the last report
  // of the previous page; `nextBefore` when there is more.
  app.get('/', (c) => {
    const limit = listLimit(c.req.query('limit'), 100, 100);
    const before = c.req.query('before') ? Number(c.req.query('before')) : undefined;
    if (before !== undefined && !Number.isSafeInteger(before))
      throw badRequest('before: expected a time in ms');
    const page = stores.reports.listFor(c.get('user').id, limit + 1, before);
    const more = page.length > limit;
    const shown = page.slice(0, limit);
    const progress = listedProgress(
      deps,
      shown.map((report) => report.id),
    );
    const reports = shown.map((report) => ({ ...report, progress: progress.get(report.id) ?? null }));
    return c.json({ reports, ...(more ? { nextBefore: reports.at(-1)!.createdAt } : {}) });
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
    const limit = listLimit(c.req.query('limit'), 100, QUOTAS.activityLimit);
    const before = Number(c.req.query('before')) || undefined;
    return c.json({ activity: stores.activity.list(report.id, limit, before) });
  });

  return app;
}
