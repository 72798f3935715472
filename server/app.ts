import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accountLinkRoutes } from './api/account-links.ts';
import { authRoutes } from './api/auth.ts';
import { commentRoutes } from './api/comments.ts';
import { groupRoutes } from './api/groups.ts';
import { historyRoutes } from './api/history.ts';
import { IMPORT_PATH, importExportRoutes } from './api/import-export.ts';
import { inviteRoutes } from './api/invites.ts';
import { memberGroupRoutes } from './api/member-groups.ts';
import { memberRoutes } from './api/members.ts';
import { notificationRoutes } from './api/notifications.ts';
import { passwordRoutes } from './api/passwords.ts';
import { reportRenameRoutes, trashRoutes } from './api/report-trash.ts';
import { reportRoutes } from './api/reports.ts';
import { sectionRoutes } from './api/sections.ts';
import { suggestionRoutes } from './api/suggestions.ts';
import { userRoutes } from './api/users.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { requireUser } from './auth/middleware.ts';
import { forwardReportCalls } from './cluster/forward-rest.ts';
import type { AppEnv, Deps } from './context.ts';
import { csrfGuard } from './http/csrf.ts';
import { ApiError, errorBody, onError } from './http/errors.ts';
import { openReport } from './http/open-report.ts';
import { apiSecurityHeaders } from './http/security-headers.ts';
import { staticRoutes } from './static.ts';

/** JSON bodies larger than this are refused with 413. */
export const MAX_JSON_BYTES = 256 * 1024;

/** The HTTP surface: REST API and the web app (WebSocket upgrades: ws/route.ts). */
export function createApp(deps: Deps, clientDir?: string) {
  const app = new Hono<AppEnv>();
  app.onError(onError);

  app.get('/healthz', (c) => c.json({ ok: true }));
  // WebSocket upgrades (`/ws/:reportId`) never reach this app: server.ts hands them to ws/route.ts.

  // Cluster mode: calls on a report another node serves go there (before anything reads the body).
  if (deps.config.cluster && deps.stores.cluster) app.use('/api/reports/*', forwardReportCalls(deps));

  const api = new Hono<AppEnv>();
  api.use('*', apiSecurityHeaders());
  api.use('*', csrfGuard(deps.config.allowedOrigins, [IMPORT_PATH]));
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: () => {
      throw new ApiError(413, 'too_large', `request body over ${MAX_JSON_BYTES} bytes`);
    },
  });
  // Uploads have their own, larger limit (api/import-export.ts).
  api.use((c, next) => (c.req.path === IMPORT_PATH ? next() : jsonLimit(c, next)));
  // One throttle for every place a password is checked (login, password change).
  const throttle = new LoginThrottle();
  api.route('/auth', authRoutes(deps, throttle));
  api.route('/auth', accountLinkRoutes(deps, throttle));
  api.use('*', requireUser(deps.stores.accounts));
  // Before the routes that read a report's live doc: a large one is loaded without holding the loop.
  api.use('/reports/:id', openReport(deps));
  api.use('/reports/:id/*', openReport(deps));
  api.route('/', userRoutes(deps));
  api.route('/', passwordRoutes(deps, throttle));
  api.route('/groups', groupRoutes(deps));
  api.route('/invites', inviteRoutes(deps));
  api.route('/reports', importExportRoutes(deps));
  api.route('/reports', reportRoutes(deps));
  api.route('/reports', reportRenameRoutes(deps));
  api.route('/trash', trashRoutes(deps));
  api.route('/reports', memberRoutes(deps));
  api.route('/reports', memberGroupRoutes(deps));
  api.route('/reports', sectionRoutes(deps));
  api.route('/reports', commentRoutes(deps));
  api.route('/reports', suggestionRoutes(deps));
  api.route('/reports', historyRoutes(deps));
  api.route('/notifications', notificationRoutes(deps));
  api.all('*', (c) => c.json(errorBody('not_found', `no such API: ${c.req.method} ${c.req.path}`), 404));
  app.route('/api', api);

  if (clientDir) app.route('/', staticRoutes(clientDir));
  app.notFound((c) => c.json(errorBody('not_found', 'not found'), 404));
  return app;
}
