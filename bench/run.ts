import fs from 'node:fs';
import path from 'node:path';
import { benchUpdateCheck } from './update-check.ts';

/** `npm run bench`: runs the benchmarks, prints a table, writes bench/results/latest.json. */
const results = [benchUpdateCheck()];
console.table(
  results.map((r) => ({
    benchmark: r.name,
    updates: r.updates,
    'apply only µs/update': r.applyOnlyMicros.toFixed(1),
    'check + apply µs/update': r.checkAndApplyMicros.toFixed(1),
    'ratio (median of blocks)': r.ratio.toFixed(2),
  })),
);
const out = path.join(import.meta.dirname, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`,
);
