/**
 * `npm run bench -- --cluster --compare=<tree>,<tree>…`: CPU per edit of three nodes at 0 hops, each run
 * from one of the given checkouts (worktrees at the commits to compare, with node_modules), against one
 * node on SQLite from this checkout, in alternating rounds of one run, so that every lever is measured
 * against its predecessor under the same machine load. Prints the median of the rounds per tree.
 */
import path from 'node:path';
import { startPostgres } from '../../test/helpers/postgres.ts';
import { launch, type ServerProc, tempDir } from '../lib/servers.ts';
import { median } from '../lib/stats.ts';
import { base, clusterNodes, measure, type Row } from './run.ts';

const ROUNDS = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 3);

export async function compareTrees(trees: string[]): Promise<void> {
  const postgres = await startPostgres();
  const runs = new Map<string, Row[]>([['sqlite', []], ...trees.map((t): [string, Row[]] => [t, []])]);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Rotated each round, so no tree always runs first (or last) in a round.
      const order = ['sqlite', ...trees].map((_, i, all) => all[(i + round) % all.length]!);
      for (const tree of order) {
        let nodes: ServerProc[];
        let row: Row;
        if (tree === 'sqlite') {
          nodes = [await launch('coreport', tempDir('coreport-bench-sqlite-'))];
          const at = base(nodes[0]!);
          row = (await measure('1 node, SQLite', nodes, at, at, at)).row;
        } else {
          const db = await postgres.freshDatabase();
          nodes = await clusterNodes(db, 3, {}, tree);
          const at = base(nodes[0]!);
          row = (await measure(`3 nodes, 0 hops (${path.basename(tree)})`, nodes, at, at, at, undefined, db))
            .row;
        }
        for (const n of nodes) await n.stop();
        runs.get(tree)!.push(row);
      }
    }
  } finally {
    await postgres.close();
  }
  const sqlite = median(runs.get('sqlite')!.map((r) => r.cpuMsPerEdit));
  console.log(`\nmedian of ${ROUNDS} rounds; 1 node on SQLite: ${sqlite.toFixed(3)} ms per edit`);
  console.log(
    '| tree | CPU ms per edit (3 nodes) | of which main threads | PostgreSQL | / SQLite | with PostgreSQL / SQLite | ack p50 ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const tree of trees) {
    const rows = runs.get(tree)!;
    const cpu = median(rows.map((r) => r.cpuMsPerEdit));
    const pg = median(rows.map((r) => r.pgMsPerEdit ?? 0));
    const cells = [
      path.basename(tree),
      cpu.toFixed(3),
      median(rows.map((r) => r.mainMsPerEdit)).toFixed(3),
      pg.toFixed(3),
      `${(cpu / sqlite).toFixed(2)}×`,
      `${((cpu + pg) / sqlite).toFixed(2)}×`,
      median(rows.map((r) => r.ackP50)).toFixed(2),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}
