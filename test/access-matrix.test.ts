/**
 * Access matrix, generated from the policy table below (CONTRACT.md, docs/api.md, docs/enforcement.md):
 * every subject (the five kinds of member, a signed-in outsider, anonymous) × every root × every
 * WebSocket message type that writes, × every read message, and × every REST call on a report. Each cell
 * is executed against a real server and its outcome compared with the table; the test also checks that
 * every cell ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { CloseCode, MessageType } from '../shared/protocol.ts';
import { anchorFor } from './helpers/anchors.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { editOf } from './helpers/forge.ts';
import { step1Frame, step2Frame, updateFrame } from './helpers/room-harness.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const SUBJECTS = ['leader', 'assignee', 'writer', 'commenter', 'viewer', 'outsider', 'anonymous'] as const;
type Subject = (typeof SUBJECTS)[number];
const MEMBERS: Subject[] = ['leader', 'assignee', 'writer', 'commenter', 'viewer'];

/** Roots a client might write, and who may write each over the WebSocket (s2 is approved: locked). */
const ROOTS: Record<string, Subject[]> = {
  meta: [],
  outline: [],
  sections: [],
  comments: [],
  'body:s1': ['leader', 'assignee'],
  'body:s2': [],
  'body:nosuch': [],
};
const WRITE_MESSAGES = ['update', 'syncStep2'] as const;
const READ_MESSAGES = ['syncStep1', 'awareness', 'queryAwareness'] as const;

interface Call {
  method: string;
  /** Creates what the call needs (as the leader) and returns its path and body. */
  prepare: () => Promise<{ path: string; body?: unknown }>;
  allowed: Subject[];
  status: number;
}

let server: TestServer;
let reportId: string;
const accounts = {} as Record<Exclude<Subject, 'anonymous'>, Account>;
let s1 = '';
let s2 = '';
let spare = 0;
let present: Client | undefined;

const asLeader = (method: string, path: string, body?: unknown) =>
  api(server.url, method, path, { token: accounts.leader.token, body });

async function spareSection(): Promise<string> {
  const section = await addSection(server.url, accounts.leader, reportId, `临时${spare++}`, [
    accounts.assignee.id,
  ]);
  await asLeader('PATCH', `/api/reports/${reportId}/sections/${section.id}`, { status: 'drafting' });
  return section.id;
}

async function spareMember(): Promise<string> {
  const user = await createUser(server.url, accounts.leader, `spare${spare++}`, `临时成员${spare}`);
  await setRole(server.url, accounts.leader, reportId, user.id, 'viewer');
  return user.id;
}

async function commentBy(author: Account): Promise<string> {
  const res = await api(server.url, 'POST', `/api/reports/${reportId}/comments`, {
    token: author.token,
    body: {
      sectionId: s1,
      anchor: anchorFor(server.deps.rooms.get(reportId).doc, s1, '坚持'),
      quote: '坚持',
      body: '请补充数据',
    },
  });
  if (res.status !== 201) throw new Error(`comment: ${JSON.stringify(res.body)}`);
  return res.body.comment.id;
}

const R = () => `/api/reports/${reportId}`;
const COMMENTING: Subject[] = ['leader', 'assignee', 'writer', 'commenter'];

/** A named version of the section, saved by the leader; its id. */
async function versionOf(sid: string): Promise<number> {
  const res = await asLeader('POST', `${R()}/versions`, { name: '送审稿', sectionId: sid });
  if (res.status !== 201) throw new Error(`version: ${JSON.stringify(res.body)}`);
  return res.body.versions[0].id;
}

/** The REST policy table. */
const CALLS: Record<string, Call> = {
  'GET versions': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/versions` }),
    allowed: MEMBERS,
    status: 200,
  },
  'GET version': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/versions/${await versionOf(s1)}` }),
    allowed: MEMBERS,
    status: 200,
  },
  'GET version diff': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/versions/${await versionOf(s1)}/diff` }),
    allowed: MEMBERS,
    status: 200,
  },
  'POST named version': {
    method: 'POST',
    prepare: async () => ({ path: `${R()}/versions`, body: { name: '送审稿' } }),
    allowed: ['leader'],
    status: 201,
  },
  'POST restore (editable section)': {
    method: 'POST',
    prepare: async () => ({ path: `${R()}/versions/${await versionOf(await spareSection())}/restore` }),
    allowed: ['leader', 'assignee'],
    status: 200,
  },
  'POST restore (approved section)': {
    method: 'POST',
    prepare: async () => ({ path: `${R()}/versions/${await versionOf(s2)}/restore` }),
    allowed: ['leader'],
    status: 200,
  },
  'GET section audit': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/sections/${s1}/audit` }),
    allowed: ['leader'],
    status: 200,
  },
  'GET report': { method: 'GET', prepare: async () => ({ path: R() }), allowed: MEMBERS, status: 200 },
  'GET progress': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/progress` }),
    allowed: MEMBERS,
    status: 200,
  },
  'GET activity': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/activity` }),
    allowed: MEMBERS,
    status: 200,
  },
  'GET export': {
    method: 'GET',
    prepare: async () => ({ path: `${R()}/export?format=txt` }),
    allowed: MEMBERS,
    status: 200,
  },
  'PUT member role': {
    method: 'PUT',
    prepare: async () => ({ path: `${R()}/members/${await spareMember()}`, body: { role: 'commenter' } }),
    allowed: ['leader'],
    status: 200,
  },
  'DELETE member': {
    method: 'DELETE',
    prepare: async () => ({ path: `${R()}/members/${await spareMember()}` }),
    allowed: ['leader'],
    status: 204,
  },
  'POST section': {
    method: 'POST',
    prepare: async () => ({ path: `${R()}/sections`, body: { title: '新章节' } }),
    allowed: ['leader'],
    status: 201,
  },
  'PATCH section title': {
    method: 'PATCH',
    prepare: async () => ({ path: `${R()}/sections/${await spareSection()}`, body: { title: '改名' } }),
    allowed: ['leader'],
    status: 200,
  },
  'PATCH section submit': {
    method: 'PATCH',
    prepare: async () => ({ path: `${R()}/sections/${await spareSection()}`, body: { status: 'submitted' } }),
    allowed: ['leader', 'assignee'],
    status: 200,
  },
  'DELETE section': {
    method: 'DELETE',
    prepare: async () => ({ path: `${R()}/sections/${await spareSection()}` }),
    allowed: ['leader'],
    status: 204,
  },
  'POST section move': {
    method: 'POST',
    prepare: async () => ({ path: `${R()}/sections/${await spareSection()}/move`, body: { after: null } }),
    allowed: ['leader'],
    status: 200,
  },
  'POST comment': {
    method: 'POST',
    prepare: async () => ({
      path: `${R()}/comments`,
      body: {
        sectionId: s1,
        anchor: anchorFor(server.deps.rooms.get(reportId).doc, s1, '坚持'),
        quote: '坚持',
        body: '意见',
      },
    }),
    allowed: COMMENTING,
    status: 201,
  },
  'POST reply': {
    method: 'POST',
    prepare: async () => ({
      path: `${R()}/comments/${await commentBy(accounts.commenter)}/replies`,
      body: { body: '回复' },
    }),
    allowed: COMMENTING,
    status: 201,
  },
  'PATCH comment resolve': {
    method: 'PATCH',
    prepare: async () => ({
      path: `${R()}/comments/${await commentBy(accounts.commenter)}`,
      body: { resolved: true },
    }),
    allowed: ['leader', 'assignee'],
    status: 200,
  },
  'PATCH comment body': {
    method: 'PATCH',
    prepare: async () => ({
      path: `${R()}/comments/${await commentBy(accounts.commenter)}`,
      body: { body: '改' },
    }),
    allowed: ['commenter'],
    status: 200,
  },
  'DELETE comment': {
    method: 'DELETE',
    prepare: async () => ({ path: `${R()}/comments/${await commentBy(accounts.commenter)}` }),
    allowed: ['leader', 'commenter'],
    status: 204,
  },
};

/** What a refused subject gets: anonymous 401, an outsider 404 (existence is not leaked), a member 403. */
const refusedStatus = (s: Subject) => (s === 'anonymous' ? 401 : s === 'outsider' ? 404 : 403);
const admissionClose = (s: Subject) =>
  s === 'anonymous' ? CloseCode.notAuthenticated : s === 'outsider' ? CloseCode.notFound : null;

function wsUrl(subject: Subject): string {
  const token = subject === 'anonymous' ? '' : `?token=${accounts[subject].token}`;
  return `${server.wsUrl}/${reportId}${token}`;
}

/** Opens a socket; resolves with it after the greeting, or with the close code if refused at admission. */
function open(subject: Subject): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(subject));
    ws.once('message', () => resolve(ws));
    ws.once('close', (code) => resolve(code));
    ws.once('error', reject);
  });
}

/** Sends a frame then a ping: 'ok' when the pong comes back (handled), else the close code. */
function exchange(ws: WebSocket, frame: Uint8Array, expectReply = false): Promise<'ok' | number> {
  return new Promise((resolve) => {
    let replied = !expectReply;
    let ponged = false;
    const done = () => replied && ponged && resolve('ok');
    ws.on('message', () => {
      replied = true;
      done();
    });
    ws.once('pong', () => {
      ponged = true;
      done();
    });
    ws.once('close', (code) => resolve(code));
    ws.send(frame);
    ws.ping();
  });
}

function writeTo(doc: Y.Doc, root: string): void {
  if (root === 'meta') doc.getMap('meta').set('title', '篡改');
  else if (root === 'outline') doc.getArray('outline').push(['x']);
  else if (root === 'sections') (doc.getMap('sections').get(s1) as Y.Map<unknown>).set('status', 'approved');
  else if (root === 'comments') doc.getMap('comments').set('c', '伪造');
  else {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('写入')]);
    doc.getXmlFragment(root.replace('s1', s1).replace('s2', s2)).push([p]);
  }
}

const executed = new Set<string>();
let clientId = 50_000;

beforeAll(async () => {
  server = await startServer({
    WS_ATTEMPT_BURST: '100000',
    WS_MAX_PER_USER: '1000',
    // The commenter writes a fresh thread for every subject of four calls; the matrix tests rights, not rates.
    COMMENT_BURST: '1000',
  });
  accounts.leader = await registerAdmin(server.url);
  reportId = await createReport(server.url, accounts.leader);
  for (const [subject, role] of [
    ['assignee', 'writer'],
    ['writer', 'writer'],
    ['commenter', 'commenter'],
    ['viewer', 'viewer'],
    ['outsider', null],
  ] as const) {
    accounts[subject] = await createUser(server.url, accounts.leader, `m-${subject}`, `成员${subject}`);
    if (role) await setRole(server.url, accounts.leader, reportId, accounts[subject].id, role);
  }
  s1 = (await addSection(server.url, accounts.leader, reportId, '一、主要工作', [accounts.assignee.id])).id;
  s2 = (await addSection(server.url, accounts.leader, reportId, '二、存在问题', [accounts.assignee.id])).id;
  // Stays connected: its awareness state is what a query-awareness message gets back.
  present = connect(server.wsUrl, reportId, accounts.assignee.token);
  await synced(present);
  present.provider.awareness.setLocalStateField('cursor', null);
  typeInto(present.doc, s1, '一是坚持政治引领。');
  await until(() => server.deps.rooms.get(reportId).doc.getXmlFragment(bodyRoot(s1)).length > 0, 'seed');
  for (const status of ['drafting', 'submitted', 'approved'])
    await asLeader('PATCH', `/api/reports/${reportId}/sections/${s2}`, { status });
});

afterAll(async () => {
  present?.destroy();
  await server.stop();
});

describe('access matrix: WebSocket writes (subject × root × message)', () => {
  const cells = SUBJECTS.flatMap((s) =>
    Object.keys(ROOTS).flatMap((r) => WRITE_MESSAGES.map((m) => [s, r, m] as const)),
  );
  it.each(cells)('%s → %s by %s', async (subject, root, message) => {
    const room = server.deps.rooms.get(reportId);
    const ws = await open(subject);
    executed.add(`ws ${subject} ${root} ${message}`);
    const refusedAtAdmission = admissionClose(subject);
    if (refusedAtAdmission !== null) {
      expect(ws).toBe(refusedAtAdmission);
      return;
    }
    if (typeof ws === 'number') throw new Error(`closed ${ws} at admission`);
    const before = Y.encodeStateAsUpdate(room.doc);
    const update = editOf(room.doc, clientId++, (doc) => writeTo(doc, root));
    ws.send(step2Frame(new Uint8Array([0, 0])));
    const outcome = await exchange(ws, message === 'update' ? updateFrame(update) : step2Frame(update));
    ws.terminate();
    if (ROOTS[root]!.includes(subject)) {
      expect(outcome).toBe('ok');
      expect(Y.encodeStateAsUpdate(room.doc)).not.toEqual(before);
    } else {
      expect(outcome).toBe(CloseCode.forbidden);
      expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    }
  });
});

describe('access matrix: WebSocket reads (subject × message)', () => {
  const cells = SUBJECTS.flatMap((s) => READ_MESSAGES.map((m) => [s, m] as const));
  it.each(cells)('%s sends %s', async (subject, message) => {
    const ws = await open(subject);
    executed.add(`read ${subject} ${message}`);
    const refusedAtAdmission = admissionClose(subject);
    if (refusedAtAdmission !== null) {
      expect(ws).toBe(refusedAtAdmission);
      return;
    }
    if (typeof ws === 'number') throw new Error(`closed ${ws} at admission`);
    const frames = {
      syncStep1: step1Frame(new Uint8Array([0])),
      awareness: new Uint8Array([MessageType.awareness, ...awarenessBytes(clientId++)]),
      queryAwareness: new Uint8Array([MessageType.queryAwareness]),
    };
    // A sync step 1 and a query are answered; an awareness update is taken without a reply.
    expect(await exchange(ws, frames[message], message !== 'awareness')).toBe('ok');
    ws.terminate();
  });
});

function awarenessBytes(id: number): number[] {
  const json = new TextEncoder().encode('{"cursor":null}');
  const varuint = (n: number) => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  const payload = [...varuint(1), ...varuint(id), ...varuint(1), ...varuint(json.length), ...json];
  return [...varuint(payload.length), ...payload];
}

describe('access matrix: REST (subject × call)', () => {
  const cells = SUBJECTS.flatMap((s) => Object.keys(CALLS).map((c) => [s, c] as const));
  it.each(cells)('%s: %s', async (subject, name) => {
    const call = CALLS[name]!;
    const { path, body } = await call.prepare();
    executed.add(`rest ${subject} ${name}`);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (subject !== 'anonymous') headers.authorization = `Bearer ${accounts[subject].token}`;
    const res = await fetch(`${server.url}${path}`, {
      method: call.method,
      headers,
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    expect(res.status).toBe(call.allowed.includes(subject) ? call.status : refusedStatus(subject));
  });
});

describe('access matrix coverage', () => {
  it('executed every cell', () => {
    const total =
      SUBJECTS.length * Object.keys(ROOTS).length * WRITE_MESSAGES.length +
      SUBJECTS.length * READ_MESSAGES.length +
      SUBJECTS.length * Object.keys(CALLS).length;
    expect(executed.size).toBe(total);
  });
});
