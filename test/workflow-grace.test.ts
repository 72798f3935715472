import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SECTIONS } from '../shared/layout.ts';
import { CloseCode } from '../shared/protocol.ts';
import { connectWithAcks } from './helpers/ack-client.ts';
import { addSection, api, createReport, registerAdmin, reportWithWriter } from './helpers/api.ts';
import { bodyText, typeInto, until } from './helpers/clients.ts';
import { FaultProxy } from './helpers/fault-proxy.ts';
import { testScope } from './helpers/scope.ts';
import { startServer } from './helpers/server.ts';

const { servers } = testScope();
const TYPED =
  '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北金木水火土日月星辰山川河海江湖风雨雷电';

describe('a leader locks a section while its writer types (stock client over a slow link)', () => {
  it('announces it, waits until what the writer sent is stored, and loses nothing acknowledged', {
    timeout: 30_000,
  }, async () => {
    const server = await startServer({ WORKFLOW_GRACE_MS: '1000' });
    servers.push(server);
    const proxy = new FaultProxy(server.wsUrl, { maxDelayMs: 250, duplicate: 0, cut: 0 });
    await proxy.listening;
    const { leader, writer: li, reportId, section } = await reportWithWriter(server.url);
    const serverText = () => bodyText(server.deps.rooms.get(reportId).doc, section.id);

    const writer = connectWithAcks(proxy.url, reportId, li.token);
    try {
      await until(() => writer.provider.synced, 'writer synced');
      const sections = writer.doc.getMap<Y.Map<unknown>>(SECTIONS);
      const seen: { closing: unknown; status: unknown }[] = [];
      sections.observeDeep(() => {
        const map = sections.get(section.id);
        seen.push({ closing: map?.get('closing'), status: map?.get('status') });
      });
      // Types a character every 20 ms until refused; `typed` maps its own clock to the text it had.
      const typed: { clock: number; text: string }[] = [];
      const refused = () => writer.closes.includes(CloseCode.forbidden);
      const typing = (async () => {
        for (const ch of TYPED) {
          if (refused()) return;
          typeInto(writer.doc, section.id, ch, bodyText(writer.doc, section.id).length);
          typed.push({
            clock: Y.getState(writer.doc.store, writer.doc.clientID),
            text: bodyText(writer.doc, section.id),
          });
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await until(() => serverText().length >= 10, 'some text stored');

      const sentBeforeClick = bodyText(writer.doc, section.id);
      const url = `/api/reports/${reportId}/sections/${section.id}`;
      const submitted = await api(server.url, 'PATCH', url, {
        token: leader.token,
        body: { status: 'submitted' },
      });
      expect(submitted.status).toBe(200);
      expect(
        (await api(server.url, 'PATCH', url, { token: leader.token, body: { status: 'approved' } })).status,
      ).toBe(200);
      await typing;

      // Everything the writer had sent when the leader clicked is in the locked text.
      expect(serverText().startsWith(sentBeforeClick)).toBe(true);
      // So is everything the server acknowledged as stored.
      const acked = typed.filter((t) => t.clock <= writer.ackedClock()).at(-1)?.text ?? '';
      expect(acked.length).toBeGreaterThanOrEqual(10);
      expect(serverText().startsWith(acked)).toBe(true);
      // The writer's doc showed the announcement (who, what, whom) while it could still write; the
      // status change, if it got here before the refusal, came after it and cleared it.
      const announced = seen.findIndex((s) => s.closing);
      expect(announced).toBeGreaterThanOrEqual(0);
      expect(seen.slice(0, announced + 1).every((s) => s.status === 'drafting')).toBe(true);
      expect(seen[announced]!.closing).toMatchObject({ by: '王娟', status: 'submitted', writers: ['李四'] });
      for (const s of seen.slice(announced)) if (s.status !== 'drafting') expect(s.closing).toBeUndefined();
      expect(
        server.deps.rooms.get(reportId).doc.getMap<Y.Map<unknown>>(SECTIONS).get(section.id)?.get('closing'),
      ).toBe(undefined);
    } finally {
      writer.destroy();
      await proxy.close();
    }
  });

  it('checks again after the grace period: a section deleted meanwhile answers 404', async () => {
    const server = await startServer({ WORKFLOW_GRACE_MS: '500' });
    servers.push(server);
    const { leader, writer: li, reportId, section } = await reportWithWriter(server.url);
    const writer = connectWithAcks(server.wsUrl, reportId, li.token);
    try {
      await until(() => writer.provider.synced, 'writer synced');
      typeInto(writer.doc, section.id, '刚刚写的。');
      await until(() => bodyText(server.deps.rooms.get(reportId).doc, section.id) === '刚刚写的。', 'stored');
      const url = `/api/reports/${reportId}/sections/${section.id}`;
      const unassign = api(server.url, 'PATCH', url, { token: leader.token, body: { assignees: [] } });
      const sections = () => server.deps.rooms.get(reportId).doc.getMap<Y.Map<unknown>>(SECTIONS);
      await until(() => sections().get(section.id)?.get('closing') !== undefined, 'announced');
      expect(sections().get(section.id)?.get('closing')).toMatchObject({ status: null, writers: ['李四'] });
      expect((await api(server.url, 'DELETE', url, { token: leader.token })).status).toBe(204);
      expect((await unassign).status).toBe(404);
    } finally {
      writer.destroy();
    }
  });

  it('does not wait when nobody else is writing', async () => {
    const server = await startServer({ WORKFLOW_GRACE_MS: '60000' });
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const reportId = await createReport(server.url, leader);
    const section = await addSection(server.url, leader, reportId, '一、主要工作', [leader.id]);
    const url = `/api/reports/${reportId}/sections/${section.id}`;
    for (const status of ['drafting', 'submitted', 'approved']) {
      expect((await api(server.url, 'PATCH', url, { token: leader.token, body: { status } })).status).toBe(
        200,
      );
    }
  });
});
