/**
 * Version history of a section holding content the editor schema does not know (an `image` written
 * by another client): versions are still taken, automatically and by name, and stored as they were;
 * they are shown and diffed with the unknown node left out, and restoring one is refused with a
 * clear error rather than dropping the node from the live text.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { type Account, api, reportWithWriter } from './helpers/api.ts';
import { type Client, connect, synced, typeParagraph, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let writer: Account;
let reportId: string;
let sid: string;
let client: Client;

beforeAll(async () => {
  server = await startServer({ HISTORY_IDLE_MS: '300', HISTORY_MAX_MS: '60000' });
  const team = await reportWithWriter(server.url, { title: '2026年度述职报告' });
  ({ leader, writer, reportId } = team);
  sid = team.section.id;
  client = connect(server.wsUrl, reportId, writer.token);
  await synced(client);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  api(server.url, method, `/api/reports/${reportId}${path}`, { token: leader.token, body });
const versions = () => server.deps.stores.versions.list(reportId, sid);

it('takes, shows and diffs versions of a section with an unknown node; refuses to restore one', async () => {
  typeParagraph(client.doc, sid, '如图所示，全年完成重点任务X项。');
  const image = new Y.XmlElement('image');
  image.setAttribute('src', 'https://example.org/chart.png');
  client.doc.getXmlFragment(bodyRoot(sid)).push([image]);
  typeParagraph(client.doc, sid, '图表来源：办公室。');
  await until(() => versions().length > 0, 'an automatic version', 5000);

  const [auto] = versions();
  expect(auto).toMatchObject({ kind: 'auto', authors: [writer.id] });
  expect(auto!.added).toBe('如图所示，全年完成重点任务X项。图表来源：办公室。'.length);
  // Stored as it was: the image is kept in the version.
  const stored = server.deps.stores.versions.content(reportId, auto!.id) as { content: { type: string }[] };
  expect(stored.content.map((n) => n.type)).toEqual(['paragraph', 'image', 'paragraph']);

  const shown = await call('GET', `/versions/${auto!.id}`);
  expect(shown.status).toBe(200);
  expect(shown.body.blocks.map((b: { text: string }) => b.text)).toEqual([
    '如图所示，全年完成重点任务X项。',
    '图表来源：办公室。',
  ]);

  const named = await call('POST', '/versions', { name: '送审稿', sectionId: sid });
  expect(named.status).toBe(201);
  expect(named.body.versions[0]).toMatchObject({ kind: 'named', name: '送审稿' });

  typeParagraph(client.doc, sid, '下一步继续推进。');
  const live = server.deps.rooms.get(reportId).doc.getXmlFragment(bodyRoot(sid));
  await until(() => live.length === 4, 'the last paragraph on the server');
  const diff = await call('GET', `/versions/${auto!.id}/diff`);
  expect(diff.status).toBe(200);
  expect(diff.body.segments).toContainEqual({ op: 'ins', text: '下一步继续推进。\n', authors: [writer.id] });

  const restore = await call('POST', `/versions/${auto!.id}/restore`);
  expect(restore.status).toBe(409);
  expect(restore.body.error.message).toMatch(/不能恢复此版本/);
  expect(live.toArray().map((n) => (n as Y.XmlElement).nodeName)).toEqual([
    'paragraph',
    'image',
    'paragraph',
    'paragraph',
  ]);
});
