/**
 * Jepsen across nodes (test/long/cluster-kill-run.ts), on 3 nodes with writers spread over them:
 * - the report's owner SIGKILLed 20 times at random moments (200 under `npm run soak`) and restarted,
 *   every third time only after its lease ran out so another node takes over;
 * - the convergence soak: a node killed in turn (a, b, c, …; the owner now and then) every 2.5 s, 3 times
 *   (every 20 s for 5 minutes under `npm run soak`), while the writers type into their own sections and a
 *   shared one, so that their forwarding nodes die under them too.
 * After each kill PostgreSQL alone holds every acknowledged token exactly once; at the end every client
 * and every node agree with it, and nobody was refused (no 44xx).
 */
import { expect, it } from 'vitest';
import { type Account, registerAdmin } from '../helpers/api.ts';
import { clusterSuite } from '../helpers/cluster.ts';
import { describePostgres } from '../helpers/postgres.ts';
import { figure, LONG, scaled } from '../helpers/scale.ts';
import { type ClusterKillReport, clusterKillRun } from '../long/cluster-kill-run.ts';

const TTL = 2000;

/** What every kill run must show, whichever node it killed. */
function expectNothingLost(report: ClusterKillReport, kills: number) {
  expect(report.kills).toBe(kills);
  expect(report.lostAcked).toEqual([]);
  expect(report.duplicates).toEqual([]);
  expect(report.damaged).toEqual([]);
  expect(report.refusals).toEqual([]);
  expect(report.missingAtEnd).toEqual([]);
  expect(report.diverged).toEqual([]);
  expect(report.acked).toBeGreaterThan(report.kills); // acks did flow
}

const figures = (report: ClusterKillReport) => ({
  kills: report.kills,
  ownerKills: report.ownerKills,
  takeovers: report.takeovers,
  written: report.written,
  acked: report.acked,
  lostAcked: report.lostAcked.length,
  duplicates: report.duplicates.length,
  unackedLostAtKill: report.unackedLostAtKill,
  versions: report.versions,
});

describePostgres('SIGKILL of nodes', () => {
  // Clients reconnect every 100 ms while a node is down; this test is about kills, not throttling.
  const suite = clusterSuite({
    nodes: 3,
    leaseTtlMs: TTL,
    env: { WS_ATTEMPT_RATE: '1000', WS_ATTEMPT_BURST: '10000' },
  });
  let admin: Promise<Account> | null = null;
  const leader = () => (admin ??= registerAdmin(suite.get().nodes[0]!.base));

  it(
    'of the owner: loses no acknowledged token, duplicates none, and every client and node ends identical',
    async () => {
      const kills = scaled(20, 200);
      const report = await clusterKillRun(suite.get(), {
        leader: await leader(),
        team: 'owner-kills',
        kills,
        writers: 4,
        minMs: 200,
        maxMs: LONG ? 2000 : 1200,
        victim: 'owner',
        lateRestart: (n) => n % 3 === 2,
        leaseTtlMs: TTL,
        log: (line) => console.log(line),
      });
      figure('cluster-kills', figures(report));
      expectNothingLost(report, kills);
      expect(report.ownerKills).toBe(kills);
      expect(report.takeovers).toBeGreaterThan(0);
    },
    scaled(150_000, 3 * 3_600_000),
  );

  it(
    'in turn, under writers sharing a section: the same, and they converge',
    async () => {
      const kills = scaled(3, 15);
      const every = scaled(2500, 20_000);
      const report = await clusterKillRun(suite.get(), {
        leader: await leader(),
        team: 'turn-kills',
        kills,
        writers: 6,
        minMs: every,
        maxMs: every,
        victim: 'in turn',
        sharedSection: true,
        lateRestart: () => false,
        typingPauseMs: [20, 60],
        leaseTtlMs: TTL,
        log: (line) => console.log(line),
      });
      figure('cluster-convergence-kills', { everyMs: every, ...figures(report) });
      expectNothingLost(report, kills);
      // Three kills in turn hit the owner at least once: it moves only when it dies.
      expect(report.ownerKills).toBeGreaterThan(0);
    },
    scaled(90_000, 3_600_000),
  );
});
