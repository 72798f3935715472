/**
 * Jepsen across nodes (test/long/cluster-kill-run.ts): 3 nodes, writers spread over them, the report's
 * owner SIGKILLed 20 times at random moments (200 under `npm run soak`) and restarted, every third time
 * only after its lease ran out so another node takes over. After each kill PostgreSQL alone holds every
 * acknowledged token exactly once; at the end every client and every node agree with it, nobody refused.
 */
import { expect, it } from 'vitest';
import { clusterSuite } from '../helpers/cluster.ts';
import { describePostgres } from '../helpers/postgres.ts';
import { figure, LONG, scaled } from '../helpers/scale.ts';
import { clusterKillRun } from '../long/cluster-kill-run.ts';

const TTL = 2000;

describePostgres('SIGKILL of the owning node', () => {
  // Clients reconnect every 100 ms while the owner is down; this test is about kills, not throttling.
  const suite = clusterSuite({
    nodes: 3,
    leaseTtlMs: TTL,
    env: { WS_ATTEMPT_RATE: '1000', WS_ATTEMPT_BURST: '10000' },
  });

  it(
    'loses no acknowledged token, duplicates none, and every client and node ends identical',
    async () => {
      const kills = scaled(20, 200);
      const report = await clusterKillRun(suite.get(), {
        kills,
        writers: 4,
        minMs: 200,
        maxMs: LONG ? 2000 : 1200,
        lateRestart: (n) => n % 3 === 2,
        leaseTtlMs: TTL,
        log: (line) => console.log(line),
      });
      figure('cluster-kills', {
        kills: report.kills,
        takeovers: report.takeovers,
        written: report.written,
        acked: report.acked,
        lostAcked: report.lostAcked.length,
        duplicates: report.duplicates.length,
        unackedLostAtKill: report.unackedLostAtKill,
      });
      expect(report.kills).toBe(kills);
      expect(report.lostAcked).toEqual([]);
      expect(report.duplicates).toEqual([]);
      expect(report.damaged).toEqual([]);
      expect(report.refusals).toEqual([]);
      expect(report.missingAtEnd).toEqual([]);
      expect(report.diverged).toEqual([]);
      expect(report.takeovers).toBeGreaterThan(0);
      expect(report.acked).toBeGreaterThan(report.kills); // acks did flow
    },
    scaled(150_000, 3 * 3_600_000),
  );
});
