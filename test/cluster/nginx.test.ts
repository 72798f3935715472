/**
 * Three nodes behind a real nginx running deploy/nginx-coreport.conf (`hash $report consistent`): a
 * team of stock y-websocket clients reaches the reports through the balancer and nearly every request
 * lands on the report's owner (no hop); a rolling restart (SIGTERM each node in turn) under typing
 * shows no 44xx close code, each report served again by another node well inside the lease TTL
 * (released, not run out), and nothing typed lost; per-IP socket caps count the client addresses
 * nginx names in X-Forwarded-For (trusted from TRUST_PROXY only), not the balancer's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Account, addSection, api, createReport, registerAdmin } from '../helpers/api.ts';
import { bodyText, typeInto } from '../helpers/clients.ts';
import { type ClusterNode, startCluster, type TestCluster } from '../helpers/cluster.ts';
import { describeBalanced, startNginx, type TestNginx } from '../helpers/nginx.ts';
import { upgradeStatus } from '../helpers/raw-socket.ts';

/** A stock provider whose sockets leave from `localAddress` (one client address per team member). */
function teamClient(wsUrl: string, reportId: string, token: string, localAddress: string) {
  class FromAddress extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, reportId, doc, {
    params: { token },
    WebSocketPolyfill: FromAddress as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
type TeamClient = ReturnType<typeof teamClient>;

describeBalanced('three nodes behind nginx', () => {
  let cluster: TestCluster;
  let lb: TestNginx;
  let leader: Account;
  const reports: { id: string; section: string }[] = [];
  const team: TeamClient[] = [];

  beforeAll(async () => {
    cluster = await startCluster({
      nodes: 3,
      // Long enough that a handover within it shows the leases were released, not left to run out.
      leaseTtlMs: 6000,
      // Rooms unload quickly once idle, so the first socket through nginx decides the owner.
      env: { TRUST_PROXY: '127.0.0.1', ROOM_IDLE_MS: '300', WS_MAX_PER_IP: '3' },
    });
    log('cluster started');
    lb = await startNginx(cluster.nodes.map((n) => n.port));
    leader = await registerAdmin(lb.base);
    for (const title of ['第一季度工作总结', '第二季度工作总结', '第三季度工作总结', '第四季度工作总结']) {
      const id = await createReport(lb.base, leader, title);
      reports.push({ id, section: (await addSection(lb.base, leader, id, '一、主要工作')).id });
    }
    // Created through whichever node nginx picked for the POST: let those rooms go first.
    log('reports created');
    for (const { id } of reports) await until2(async () => !(await cluster.lease(id))?.live, 'idle');
    log('reports idle');
  }, 120_000);
  afterAll(async () => {
    for (const c of team) c.destroy();
    await lb?.close();
    await cluster?.close();
  });

  const nodeAt = (upstream: string) => cluster.nodes.find((n) => upstream.endsWith(`:${n.port}`));

  it('lands nearly every request of a team on the report’s owner', async () => {
    const before = lb.routed().length;
    let address = 10;
    for (const { id } of reports) {
      for (let i = 0; i < 2; i++) team.push(teamClient(lb.wsUrl, id, leader.token, `127.0.0.${address++}`));
    }
    await until2(async () => team.every((c) => c.provider.synced), 'team synced');
    team.forEach((c, i) => {
      const { section } = reports[Math.floor(i / 2)]!;
      typeInto(c.doc, section, `成员${i}：完成任务X项。`);
    });
    for (const { id } of reports) {
      for (let i = 0; i < 3; i++)
        expect((await api(lb.base, 'GET', `/api/reports/${id}`, { token: leader.token })).status).toBe(200);
    }
    await until2(
      async () =>
        reports.every(
          (_, r) =>
            bodyText(team[2 * r]!.doc, reports[r]!.section) ===
              bodyText(team[2 * r + 1]!.doc, reports[r]!.section) &&
            bodyText(team[2 * r]!.doc, reports[r]!.section).length > 20,
        ),
      'pairs converged',
    );
    const owners = new Map<string, ClusterNode | null>();
    for (const { id } of reports) owners.set(id, await cluster.owner(id));
    // Sockets are logged when they close: reconnect the team (new sockets, same owners) to log them.
    for (const c of team) c.provider.disconnect();
    await until2(
      async () => lb.routed().filter((r) => r.uri.startsWith('/ws/')).length >= team.length,
      'sockets logged',
    );
    const routed = lb
      .routed()
      .slice(before)
      .filter((r) => r.report !== '');
    const onOwner = routed.filter((r) => nodeAt(r.upstream) === owners.get(r.report));
    expect(routed.length).toBeGreaterThanOrEqual(team.length + 3 * reports.length);
    expect(onOwner.length / routed.length).toBeGreaterThanOrEqual(0.9);
    // Not all on one node: the hash spreads the reports.
    expect(new Set([...owners.values()].map((n) => n?.id)).size).toBeGreaterThan(1);
    for (const c of team) c.provider.connect();
    await until2(async () => team.every((c) => c.provider.synced), 'team back');
  });

  it('rolls a restart through every node (SIGTERM) with no 44xx close, leases handed over at once, nothing lost', async () => {
    const typed: string[][] = team.map(() => []);
    let typing = true;
    const typist = (async () => {
      for (let n = 0; typing; n++) {
        team.forEach((c, i) => {
          const line = `第${n}条·${i}`;
          typed[i]!.push(line);
          const { section } = reports[Math.floor(i / 2)]!;
          typeInto(c.doc, section, line, bodyText(c.doc, section).length);
        });
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const handovers: number[] = [];
    for (const node of cluster.nodes) {
      const held: string[] = [];
      for (const { id } of reports) if ((await cluster.owner(id)) === node) held.push(id);
      const sent = Date.now();
      log(`${node.id} SIGTERM, holds ${held.length}`);
      const exited = node.terminate();
      await Promise.all(
        held.map(async (id) => {
          await cluster.waitForOwner(id, { not: node, timeoutMs: 5000 });
          handovers.push(Date.now() - sent);
          log(`${id.slice(0, 8)} handed over after ${Date.now() - sent} ms`);
        }),
      );
      expect(await exited).toBe(0);
      log(`${node.id} exited`);
      await node.restart();
      log(`${node.id} restarted`);
      // As a rolling restart would: the next node only once nginx uses this one again (fail_timeout).
      await new Promise((r) => setTimeout(r, 2500));
    }
    typing = false;
    await typist;
    await until2(async () => team.every((c) => c.provider.synced), 'team synced after the restart', 15_000);
    for (let r = 0; r < reports.length; r++) {
      const { section } = reports[r]!;
      const [x, y] = [team[2 * r]!, team[2 * r + 1]!];
      await until2(
        async () => bodyText(x.doc, section) === bodyText(y.doc, section),
        `report ${r} converged`,
        15_000,
      );
      for (const line of [...typed[2 * r]!, ...typed[2 * r + 1]!])
        expect(bodyText(x.doc, section)).toContain(line);
    }
    const codes = team.flatMap((c) => c.closes);
    expect(codes.filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    expect(handovers.length).toBeGreaterThan(0);
    // Released, not run out (TTL 6 s). The < 1 s goal is the bench's (npm run bench -- --cluster): a timing
    // bound here would fail on a loaded machine (0.35-1.1 s seen beside other suites).
    expect(Math.max(...handovers)).toBeLessThan(3000);
    console.log(
      `rolling restart: handover ms ${handovers.join(', ')}; close codes seen ${[...new Set(codes)].join(', ')}`,
    );
  });

  it('caps sockets per client address named by the balancer, ignoring X-Forwarded-For from anyone else', async () => {
    const { id } = reports[0]!;
    const url = (base: string) => `${base}/${id}?token=${leader.token}`;
    const open: WebSocket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const { status, socket } = await upgradeStatus(url(lb.wsUrl), '127.0.0.2');
        open.push(socket);
        expect(status).toBe(101);
      }
      const over = await upgradeStatus(url(lb.wsUrl), '127.0.0.2');
      open.push(over.socket);
      expect(over.status).toBe(429);
      // Another client behind the same balancer is not counted with it.
      const other = await upgradeStatus(url(lb.wsUrl), '127.0.0.3');
      open.push(other.socket);
      expect(other.status).toBe(101);
      // Straight to the node that took them: 127.0.0.2 is no proxy, its X-Forwarded-For is ignored.
      const node = (await cluster.owner(id))!;
      const spoof = await upgradeStatus(url(node.wsUrl), '127.0.0.2', { 'x-forwarded-for': '198.51.100.7' });
      open.push(spoof.socket);
      expect(spoof.status).toBe(429);
    } finally {
      for (const socket of open) socket.terminate();
    }
  });
});

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function until2(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
