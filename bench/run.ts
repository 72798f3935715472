import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScenarioResult } from './lib/blocks.ts';
import { parseOptions } from './lib/options.ts';
import { pinSelf } from './lib/proc.ts';
import { hasTaskset, LABELS, LOAD_CPU } from './lib/servers.ts';
import { fanout } from './scenarios/fanout.ts';
import { trace } from './scenarios/trace.ts';
import { benchUpdateCheck } from './update-check.ts';

/**
 * `npm run bench`: coreport against @y/websocket-server and Hocuspocus in one run (see docs/performance.md),
 * plus the update-check micro-benchmark; prints a table, writes bench/results/latest.json and latest.html.
 */
process.setMaxListeners(0); // every stock y-websocket provider adds an exit listener
const opts = parseOptions(process.argv.slice(2));
const want = (id: string) => !opts.only || opts.only.has(id);
const pinned = hasTaskset && pinSelf(LOAD_CPU);
console.log(
  `coreport bench: ${opts.full ? 'full' : 'quick'} mode, ${opts.blocks} blocks, warm-up ${opts.warmupS} s, ` +
    `measure ${opts.measureS} s; servers ${pinned ? 'pinned to CPU 0, load to CPU 1' : 'NOT pinned (no taskset or < 2 CPUs)'}`,
);
for (const label of Object.values(LABELS)) console.log(`  - ${label}`);

const scenarios: ScenarioResult[] = [];
const base = { readers: 0, thin: 0, rate: 8, structured: false, seedParagraphs: 0 };
if (want('a')) {
  scenarios.push(
    await fanout(
      {
        ...base,
        id: 'a',
        name: 'fan-out: 20 writers, 8 keys/s, awareness on',
        writers: 20,
        sections: 20,
        awareness: true,
      },
      opts,
    ),
  );
}
if (want('a-off')) {
  scenarios.push(
    await fanout(
      {
        ...base,
        id: 'a-off',
        name: 'fan-out: 20 writers, 8 keys/s, awareness off',
        writers: 20,
        sections: 20,
        awareness: false,
      },
      opts,
    ),
  );
}
if (want('a200')) {
  scenarios.push(
    await fanout(
      {
        ...base,
        id: 'a200',
        name: 'fan-out: 200 connected (10 writers, 190 thin receivers), awareness on',
        writers: 10,
        sections: 10,
        thin: 190,
        awareness: true,
      },
      opts,
    ),
  );
}
if (want('c')) {
  scenarios.push(
    await fanout(
      {
        ...base,
        id: 'c',
        name: 'structured report: 6 writers in Tiptap-shaped sections, 2 readers, 30 sections',
        writers: 6,
        readers: 2,
        sections: 30,
        seedParagraphs: 12,
        structured: true,
        awareness: true,
      },
      opts,
    ),
  );
}
if (want('b')) scenarios.push(await trace(opts));
const check = want('check') ? benchUpdateCheck() : null;

const out = path.join(import.meta.dirname, 'results');
fs.mkdirSync(out, { recursive: true });
const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, pinned };
fs.writeFileSync(
  path.join(out, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), options: { ...opts, only: opts.only && [...opts.only] }, machine, servers: LABELS, scenarios, updateCheck: check }, null, 2)}\n`,
);
console.log(
  JSON.stringify(
    scenarios.map((s) => ({ id: s.id, summary: s.summary })),
    null,
    1,
  ),
);
process.exit(0);
