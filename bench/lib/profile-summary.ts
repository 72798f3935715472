/**
 * Where a V8 CPU profile (.cpuprofile, from bench/servers/stats.mjs) spent its busy time: self time per
 * function, self time per area (a package, a project file, Node's internals, GC) and inclusive time
 * per area (samples with that area anywhere on the stack: "the pg client and everything it called").
 * Shares are of the busy time (samples not idle). `npm run bench -- --cluster --profile` prints it per
 * node; `node --import tsx bench/lib/profile-summary.ts <file>` prints one file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = path.resolve(import.meta.dirname, '../..');

/** A package, a project file, `node:…`, or V8's pseudo frames such as (garbage collector). */
function areaOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const modules = frame.url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = frame.url.slice(modules + 14).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? frame.url);
  }
  if (frame.url.startsWith('node:')) return frame.url;
  const file = frame.url.startsWith('file://') ? new URL(frame.url).pathname : frame.url;
  return path.relative(root, file);
}

const functionOf = (frame: ProfileNode['callFrame']) =>
  `${frame.functionName || '(anonymous)'} ${areaOf(frame)}:${frame.lineNumber + 1}`;

function top(totals: Map<string, number>, busy: number, n: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([name, us]) =>
        `  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}`,
    );
}

/** The summary as text lines; `perEdit` divides the busy time by that many edits too. */
export function summarize(file: string, perEdit?: number, n = 15): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfFn = new Map<string, number>();
  const selfArea = new Map<string, number>();
  const inclusiveArea = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    // The delta before the next sample is the time this one stands for.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idle += us;
      return;
    }
    busy += us;
    add(selfFn, functionOf(frame), us);
    add(selfArea, areaOf(frame), us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const area = areaOf(byId.get(at)!.callFrame);
      if (area === '(root)' || seen.has(area)) continue;
      seen.add(area);
      add(inclusiveArea, area, us);
    }
  });
  const each = perEdit ? `, ${(busy / 1000 / perEdit).toFixed(3)} ms per edit` : '';
  return [
    `${path.basename(file)}: busy ${(busy / 1000).toFixed(0)} ms of ${((busy + idle) / 1000).toFixed(0)} ms${each}`,
    ' self, by function:',
    ...top(selfFn, busy, n),
    ' self, by area:',
    ...top(selfArea, busy, n),
    ' inclusive, by area (on the stack):',
    ...top(inclusiveArea, busy, n + 10),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of process.argv.slice(2)) console.log(summarize(file).join('\n'));
}
