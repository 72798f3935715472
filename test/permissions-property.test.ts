import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, SectionInfo, SectionStatus } from '../shared/layout.ts';
import { CloseCode } from '../shared/protocol.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

/**
 * Random users with random roles and assignments make random edits and status changes through stock
 * clients. Afterwards no change outside a user's rights exists anywhere, every permitted edit does,
 * and all copies converge.
 */

const SECTIONS = 3;
const USERS = 4; // user 0 is the report's leader and never changes role

type Action =
  | { kind: 'edit'; user: number; sections: number[] }
  | { kind: 'assign'; section: number; users: number[] }
  | { kind: 'status'; section: number; status: SectionStatus }
  | { kind: 'role'; user: number; role: Role };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      user: fc.integer({ min: 0, max: USERS - 1 }),
      sections: fc.uniqueArray(fc.integer({ min: 0, max: SECTIONS - 1 }), { minLength: 1, maxLength: 2 }),
    }),
  },
  fc.record({
    kind: fc.constant('assign' as const),
    section: fc.integer({ min: 0, max: SECTIONS - 1 }),
    users: fc.uniqueArray(fc.integer({ min: 1, max: USERS - 1 }), { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('status' as const),
    section: fc.integer({ min: 0, max: SECTIONS - 1 }),
    status: fc.constantFrom<SectionStatus>('submitted', 'approved', 'returned'),
  }),
  fc.record({
    kind: fc.constant('role' as const),
    user: fc.integer({ min: 1, max: USERS - 1 }),
    role: fc.constantFrom<Role>('writer', 'writer', 'commenter', 'viewer'),
  }),
);

let server: TestServer;
let people: Account[];
beforeAll(async () => {
  // No grace period before rights changes (test/workflow-grace.test.ts covers it): keeps the run short.
  server = await startServer({ WORKFLOW_GRACE_MS: '0' });
  people = [await registerAdmin(server.url)];
  for (let i = 1; i < USERS; i++)
    people.push(await createUser(server.url, people[0]!, `user${i}`, `同事${i}`));
});
afterAll(() => server.stop());

async function run(actions: Action[]) {
  const leader = people[0]!;
  const reportId = await createReport(server.url, leader, '随机测试报告');
  const roles: Role[] = ['leader', 'writer', 'writer', 'writer'];
  for (let u = 1; u < USERS; u++) await setRole(server.url, leader, reportId, people[u]!.id, 'writer');
  const sections: SectionInfo[] = [];
  for (let s = 0; s < SECTIONS; s++)
    sections.push(await addSection(server.url, leader, reportId, `第${s + 1}部分`));
  const assignees: number[][] = sections.map(() => []);
  const statuses: SectionStatus[] = sections.map(() => 'todo');
  const clients: Client[] = [];
  const open = async (u: number) => {
    clients[u] = connect(server.wsUrl, reportId, people[u]!.token);
    await synced(clients[u]!);
  };
  for (let u = 0; u < USERS; u++) await open(u);
  const mayWrite = (u: number, s: number) =>
    statuses[s] !== 'approved' &&
    (roles[u] === 'leader' ||
      (roles[u] === 'writer' && assignees[s]!.includes(u) && statuses[s] !== 'submitted'));
  const permitted: { section: number; marker: string }[] = [];
  const refused: string[] = [];
  const serverDoc = () => server.deps.rooms.get(reportId).doc;
  const path = (s: number) => `/api/reports/${reportId}/sections/${sections[s]!.id}`;

  try {
    for (const [n, action] of actions.entries()) {
      if (action.kind === 'edit') {
        const { user, sections: targets } = action;
        const marker = `〔${n}号${user}〕`;
        const allowed = targets.every((s) => mayWrite(user, s));
        const client = clients[user]!;
        const closed = client.nextClose();
        client.doc.transact(() => {
          for (const s of targets) typeInto(client.doc, sections[s]!.id, marker, 0);
        });
        if (allowed) {
          await until(
            () => targets.every((s) => bodyText(serverDoc(), sections[s]!.id).includes(marker)),
            'edit stored',
          );
          for (const s of targets) permitted.push({ section: s, marker });
        } else {
          client.provider.shouldConnect = false;
          const timeout = new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 5000));
          expect((await Promise.race([closed, timeout])).code).toBe(CloseCode.forbidden);
          refused.push(marker);
          client.destroy();
          await open(user); // what the official client does: a fresh doc
        }
      } else if (action.kind === 'assign') {
        const res = await api(server.url, 'PATCH', path(action.section), {
          token: leader.token,
          body: { assignees: action.users.map((u) => people[u]!.id) },
        });
        const eligible = action.users.every((u) => roles[u] === 'writer');
        expect(res.status).toBe(eligible ? 200 : 400);
        if (eligible) assignees[action.section] = [...action.users];
      } else if (action.kind === 'status') {
        // Walk the workflow towards the target, so approved and returned sections actually occur.
        for (const step of ['drafting', 'submitted', action.status]) {
          const res = await api(server.url, 'PATCH', path(action.section), {
            token: leader.token,
            body: { status: step },
          });
          expect([200, 409]).toContain(res.status);
        }
      } else {
        await setRole(server.url, leader, reportId, people[action.user]!.id, action.role);
        roles[action.user] = action.role;
      }
      // auto-drafting may change status; read it back so the model follows the server
      const live = (await api(server.url, 'GET', `/api/reports/${reportId}`, { token: leader.token })).body
        .sections;
      for (const [s, sec] of sections.entries())
        statuses[s] = live.find((x: { id: string }) => x.id === sec.id).status;
    }
    const reference = sections.map((s) => bodyText(serverDoc(), s.id));
    await until(
      () => clients.every((c) => sections.every((s, i) => bodyText(c.doc, s.id) === reference[i])),
      'all copies converge',
    );
    for (const { section, marker } of permitted) expect(reference[section]).toContain(marker);
    for (const marker of refused) for (const text of reference) expect(text).not.toContain(marker);
  } finally {
    for (const c of clients) c?.destroy();
  }
}

describe('random edits by random users (fast-check)', () => {
  it('never lets a change outside a user’s rights through, and keeps every permitted one', async () => {
    await fc.assert(fc.asyncProperty(fc.array(actionArb, { minLength: 4, maxLength: 14 }), run), {
      numRuns: 8,
      seed: 20261124,
      endOnFailure: true,
    });
  }, 180_000);
});
