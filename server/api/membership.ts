import type { Context } from 'hono';
import type { Role } from '../../shared/layout.ts';
import type { AppEnv, Deps } from '../context.ts';
import { forbidden, notFound } from '../http/errors.ts';
import type { ReportRow } from '../storage/types.ts';

export interface Membership {
  report: ReportRow;
  role: Role;
}

const ROLE_NAMES: Record<Role, string> = {
  leader: '牵头人',
  writer: '撰稿人',
  commenter: '审阅人',
  viewer: '读者',
};

/**
 * The caller's membership of `:id`; 404 when the report does not exist or the caller is not a member
 * (a non-member must not learn that a report exists), 403 when their role is not in `roles`.
 */
export function membership(c: Context<AppEnv>, { stores }: Deps, roles?: Role[]): Membership {
  const reportId = c.req.param('id') ?? '';
  const report = stores.reports.byId(reportId);
  const role = report ? stores.reports.role(reportId, c.get('user').id) : null;
  if (!report || !role) throw notFound('report');
  if (roles && !roles.includes(role)) {
    throw forbidden(`${ROLE_NAMES[role]}（${role}）无权执行此操作 (requires ${roles.join(' or ')})`);
  }
  return { report, role };
}
