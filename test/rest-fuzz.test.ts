/**
 * Hostile bodies on every state-changing REST route (issue 13): a signed-in admin, who is also the
 * report's leader (so nothing is refused for rights before the body is read), sends seeded random
 * bodies: wrong types, deep nesting, huge strings, `__proto__` keys, control and bidi characters,
 * broken JSON. Every answer is a 2xx or a 4xx with a JSON error code, never a 500; after every 4xx
 * the report (its live doc, its REST view), the report list and the user list are exactly as before.
 * `npm run fuzz` runs it longer (COREPORT_LONG=1).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Account, addSection, api, createReport, registerAdmin } from './helpers/api.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const REQUESTS = process.env.COREPORT_LONG ? 5_000 : 300;

let server: TestServer;
let admin: Account;
let reportId: string;
let sectionId: string;

/** State-changing routes, ids filled in with the report's (and made-up ones for what it lacks). */
const routes = (): [string, string][] => [
  ['POST', '/api/auth/register'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/invite/check'],
  ['POST', '/api/auth/invite/accept'],
  ['POST', '/api/auth/reset/check'],
  ['POST', '/api/auth/reset/accept'],
  ['POST', '/api/users'],
  ['POST', '/api/me/password'],
  ['POST', '/api/groups'],
  ['POST', '/api/invites'],
  ['POST', '/api/reports'],
  ['PATCH', `/api/reports/${reportId}`],
  ['POST', `/api/reports/${reportId}/sections`],
  ['PATCH', `/api/reports/${reportId}/sections/${sectionId}`],
  ['POST', `/api/reports/${reportId}/sections/${sectionId}/move`],
  ['PUT', `/api/reports/${reportId}/members/u-nobody`],
  ['POST', `/api/reports/${reportId}/members/by-group`],
  ['POST', `/api/reports/${reportId}/comments`],
  ['POST', `/api/reports/${reportId}/comments/c-nothing/replies`],
  ['PATCH', `/api/reports/${reportId}/comments/c-nothing`],
  ['POST', `/api/reports/${reportId}/suggestions`],
  ['POST', `/api/reports/${reportId}/suggestions/accept-all`],
  ['POST', `/api/reports/${reportId}/versions`],
  ['POST', `/api/reports/${reportId}/versions/999999/restore`],
  ['POST', '/api/notifications/read'],
];

/** A JSON value as a hostile client might send it. */
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, '', ' ', '\u202e', '\u0000', 'X'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('述'.repeat(70_000), 'a'.repeat(300), '2026-13-45', 'javascript:alert(1)'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'title', 'name', 'body', 'password', 'role', 'level'),
        fc.constantFrom('assignees', 'status', 'due', 'after', 'sectionId', 'username', 'displayName'),
        fc.string({ maxLength: 8 }),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

// Under the API's 256 KiB body limit: over it the server answers 413 and closes before reading the
// body, which fetch reports as a failed request (that path has its own test, import-api).
const hostileBody = fc
  .oneof(
    hostileValue.map((v) => JSON.stringify(v)),
    fc.constantFrom(
      '{',
      '{"title":',
      '[1,2',
      'null',
      '"',
      '{"a":1}}',
      '\uFEFF{}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ),
    fc.string({ unit: 'binary', maxLength: 60 }),
  )
  .filter((raw) => Buffer.byteLength(raw) < 250_000);

async function fingerprint(): Promise<string> {
  // Loaded if it is not (an idle room unloads after ROOM_IDLE_MS): the doc as stored, not whether it is in memory.
  const state = Y.encodeStateAsUpdate(server.deps.rooms.get(reportId).doc);
  const view = await api(server.url, 'GET', `/api/reports/${reportId}`, { token: admin.token });
  const list = await api(server.url, 'GET', '/api/reports', { token: admin.token });
  const users = await api(server.url, 'GET', '/api/users', { token: admin.token });
  return createHash('sha256')
    .update(state)
    .update(JSON.stringify([view.body, list.body, users.body]))
    .digest('hex');
}

beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
  reportId = await createReport(server.url, admin);
  sectionId = (await addSection(server.url, admin, reportId, '一、主要工作', [admin.id])).id;
});
afterAll(() => server.stop());

describe('REST fuzz', () => {
  it(`answers ${REQUESTS} hostile bodies with 2xx or a clear 4xx, never 500, changing nothing when refusing`, async () => {
    const table = routes();
    const statuses = new Map<number, number>();
    let resent = 0;
    let before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.nat(table.length - 1), hostileBody, async (at, raw) => {
        const [method, path] = table[at]!;
        const send = () =>
          fetch(`${server.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
            body: raw,
          });
        // A kept-alive connection the server closed as it was reused fails in transport (seen about once
        // in 3,000 requests on a loaded machine); sent again once, and counted. Twice is a failure.
        const answer = await send().catch(() => {
          resent++;
          return send();
        });
        const text = await answer.text();
        let body: { error?: { code?: string } } | null = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          throw new Error(`${method} ${path}: ${answer.status} not JSON: ${text.slice(0, 200)}`);
        }
        const res = { status: answer.status, body };
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${method} ${path} ${raw.slice(0, 200)}`).toBeLessThan(500);
        const after = await fingerprint();
        if (res.status >= 400) {
          expect(res.body?.error?.code, `${method} ${path}`).toMatch(/^[a-z_]+$/);
          expect(after, `${method} ${path} ${res.status} changed state`).toBe(before);
        }
        before = after;
      }),
      { numRuns: REQUESTS, seed: Number(process.env.FUZZ_SEED ?? 1313) },
    );
    console.log(
      `[figure] REST fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${resent} sent again after a transport error`,
    );
  }, 120_000);
});
