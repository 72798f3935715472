/**
 * Jepsen-style durability (test/long/durability-run.ts): 20 SIGKILLs and 4 SIGTERMs at random moments
 * while writers type; after each, the SQLite file alone holds every acknowledged token exactly once.
 * `npm run soak` runs 200 SIGKILLs and 40 SIGTERMs.
 */
import { describe, expect, it } from 'vitest';
import { figure, LONG, scaled } from './helpers/scale.ts';
import { durabilityRun } from './long/durability-run.ts';

describe('durability under kill -9 and SIGTERM', () => {
  it(
    'loses no acknowledged token, duplicates none, keeps the file sound',
    async () => {
      const cycles = scaled(24, 240);
      const report = await durabilityRun({
        cycles,
        writers: 4,
        minMs: 0,
        maxMs: LONG ? 800 : 400,
        signal: (n) => (n % 6 === 5 ? 'SIGTERM' : 'SIGKILL'),
        log: (line) => console.log(line),
      });
      figure('durability', {
        cycles: report.cycles,
        sigkill: report.cycles - report.sigtermExits.length,
        sigterm: report.sigtermExits.length,
        written: report.written,
        acked: report.acked,
        lostAcked: report.lostAcked.length,
        duplicates: report.duplicates.length,
        unackedLostAtKill: report.unackedLostAtKill,
      });
      expect(report.cycles).toBe(cycles);
      expect(report.lostAcked).toEqual([]);
      expect(report.duplicates).toEqual([]);
      expect(report.damaged).toEqual([]);
      expect(report.sigtermExits.every((code) => code === 0)).toBe(true);
      expect(report.refusals).toEqual([]);
      expect(report.missingAtEnd).toEqual([]);
      expect(report.acked).toBeGreaterThan(report.cycles); // acks did flow
    },
    scaled(600_000, 6 * 3_600_000),
  );
});
