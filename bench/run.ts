import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ScenarioResult, selection } from './lib/blocks.ts';
import { checkGoals } from './lib/goals.ts';
import { parseOptions } from './lib/options.ts';
import { pinSelf } from './lib/proc.ts';
import { html, markdown } from './lib/report.ts';
import { COREPORT_LIMITS, hasTaskset, KINDS, LABELS, LOAD_CPU } from './lib/servers.ts';
import { coldLoad } from './scenarios/cold-load.ts';
import { connections } from './scenarios/connections.ts';
import { fanout } from './scenarios/fanout.ts';
import { idlePresence } from './scenarios/idle-presence.ts';
import { memory } from './scenarios/memory.ts';
import { storm } from './scenarios/storm.ts';
import { trace } from './scenarios/trace.ts';
import { traceRate } from './scenarios/trace-rate.ts';
import { benchUpdateCheck } from './update-check.ts';

/**
 * `npm run bench`: coreport against @y/websocket-server and Hocuspocus in one run (see docs/performance.md),
 * plus the update-check micro-benchmark; prints a table, writes bench/results/latest.json and latest.html.
 */
process.setMaxListeners(0); // every stock y-websocket provider adds an exit listener
if (process.argv.includes('--cluster')) {
  const compare = process.argv.find((a) => a.startsWith('--compare='));
  if (compare) {
    const { compareTrees } = await import('./cluster/compare.ts');
    await compareTrees(compare.slice('--compare='.length).split(','));
  } else {
    const { clusterBench } = await import('./cluster/run.ts');
    await clusterBench();
  }
  process.exit(0);
}
const opts = parseOptions(process.argv.slice(2));
const want = (id: string) => !opts.only || opts.only.has(id);
const pinned = hasTaskset && pinSelf(LOAD_CPU);
if (opts.servers) selection.kinds = KINDS.filter((k) => opts.servers!.includes(k));
if (opts.profile) process.env.BENCH_PROFILE_DIR = path.join(import.meta.dirname, 'results/profiles');
console.log(
  `coreport bench: ${opts.full ? 'full' : 'quick'} mode, ${opts.blocks} blocks, warm-up ${opts.warmupS} s, ` +
    `measure ${opts.measureS} s; ${pinned ? 'servers pinned to CPU 0, load to CPU 1' : 'NOT pinned (no taskset or < 2 CPUs)'}`,
);
for (const label of Object.values(LABELS)) console.log(`  - ${label}`);
console.log(
  `  coreport runs with its abuse limits raised (not the defaults): ${Object.entries(COREPORT_LIMITS)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
);

const scenarios: ScenarioResult[] = [];
const plain = { readers: 0, thin: 0, rate: 8, structured: false, seedParagraphs: 0 };
const twenty = { ...plain, writers: 20, sections: 20 };
if (want('a')) {
  const name = 'fan-out: 20 writers typing 8 chars/s each, cursor awareness on every keystroke';
  scenarios.push(await fanout({ ...twenty, id: 'a', name, awareness: true }, opts));
}
if (want('a-off')) {
  const name = 'fan-out: 20 writers typing 8 chars/s each, awareness off';
  scenarios.push(await fanout({ ...twenty, id: 'a-off', name, awareness: false }, opts));
}
if (want('a200')) {
  const name = 'fan-out: 200 connected (10 full writers at 8 chars/s + 190 thin receivers), awareness on';
  scenarios.push(
    await fanout({ ...plain, id: 'a200', name, writers: 10, sections: 10, thin: 190, awareness: true }, opts),
  );
}
if (want('b')) scenarios.push(await trace(opts));
// Not in the default set: it adds about a minute per server; `--only=b-rate` runs it.
if (opts.only?.has('b-rate')) scenarios.push(await traceRate(opts));
if (want('c')) {
  const name = 'structured report: 6 writers typing Tiptap-shaped content (30 sections of text), 2 readers';
  const c = { ...plain, id: 'c', name, writers: 6, readers: 2, sections: 30, seedParagraphs: 12 };
  scenarios.push(await fanout({ ...c, structured: true, awareness: true }, opts));
}
if (want('d')) {
  scenarios.push(await storm(opts));
  scenarios.push(await coldLoad(opts));
}
if (want('e')) scenarios.push(await memory(opts, 1000));
if (want('e') && opts.full) scenarios.push({ ...(await memory(opts, 10_000)), id: 'e10k' });
if (want('f')) scenarios.push(await connections(opts));
if (want('idle')) scenarios.push(await idlePresence(opts));
const check = want('check') ? benchUpdateCheck() : null;

const at = new Date().toISOString();
const goals = checkGoals(scenarios, opts.full);
const table = markdown(scenarios, goals);
console.log(`\n${table}`);
if (check) console.table([check]);
const out = path.join(import.meta.dirname, 'results');
fs.mkdirSync(out, { recursive: true });
const machine = {
  cpus: os.cpus().length,
  model: os.cpus()[0]?.model,
  node: process.version,
  pinned,
  loadavg: os.loadavg(),
};
const options = { ...opts, only: opts.only && [...opts.only] };
const json = { at, options, machine, servers: LABELS, goals, scenarios, updateCheck: check, table };
fs.writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
fs.writeFileSync(path.join(out, 'latest.html'), html(scenarios, goals, at));
console.log(`\nwrote ${path.relative(process.cwd(), out)}/latest.json and latest.html`);
process.exit(0);
