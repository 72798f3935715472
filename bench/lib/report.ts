import type { ScenarioResult } from './blocks.ts';
import type { Goal } from './goals.ts';
import { KINDS, type Kind } from './servers.ts';

/** Metrics shown in the table (the JSON keeps them all); lower is better for every one but editsPerS, maxEditsPerS and reached. */
const SHOWN: Record<string, string> = {
  cpuPct: 'server CPU, % of a core',
  p50ms: 'p50 delivery, ms',
  p99ms: 'p99 delivery, ms',
  p999ms: 'p99.9 delivery, ms',
  lost: 'updates lost',
  rssMB: 'server RSS peak, MB',
  usPerEdit: 'server CPU per edit, µs',
  editsPerS: 'edits/s (higher is better)',
  maxEditsPerS: 'max sustainable edits/s, p99 < 50 ms (higher is better)',
  joinWarmMs: 'late join, warm, ms',
  joinColdMs: 'late join, cold from SQLite, ms',
  allSyncedMs: 'all synced, ms',
  cpuS: 'server CPU, s',
  heapKBPerReport: 'heap per idle report + connection, KB',
  rssKBPerReport: 'RSS per idle report + connection, KB',
  heapAfterPct: 'heap after all left, % of baseline',
  reached: 'sockets reached (higher is better)',
  rampS: 'time to ramp, s',
  rampCpuS: 'server CPU during the ramp, s',
  heapKBPerConn: 'heap per idle connection, KB',
  rssKBPerConn: 'RSS per idle connection, KB',
  idleCpuPct: 'server CPU while idle, % of a core',
  sentKBps: 'server bytes sent, KB/s',
};

/** `1MBLogColdMs` → `1 MB, raw log: first join (cold), ms`. */
function coldLabel(metric: string): string {
  const m = /^(\d+)(KB|MB)(Snap|Log)(Cold|Warm)Ms$/.exec(metric);
  if (!m) return metric;
  const stored = m[3] === 'Snap' ? 'compacted' : 'raw log';
  return `${m[1]} ${m[2]} ${stored}: ${m[4] === 'Cold' ? 'first join (cold)' : 'second join (warm)'}, ms`;
}

export interface Row {
  scenario: string;
  metric: string;
  values: Partial<Record<Kind, { median: number; ratio: number }>>;
}

/** One row per scenario and metric: medians, and for the peers' and coreport's, the ratio to the reference. */
export function rows(scenarios: ScenarioResult[]): Row[] {
  const out: Row[] = [];
  for (const s of scenarios) {
    const metrics = new Set(Object.values(s.summary).flatMap((m) => Object.keys(m)));
    for (const metric of metrics) {
      if (!SHOWN[metric] && !/Ms$/.test(metric)) continue;
      const values: Row['values'] = {};
      for (const kind of KINDS) if (s.summary[kind]?.[metric]) values[kind] = s.summary[kind][metric];
      out.push({ scenario: s.id, metric: SHOWN[metric] ?? coldLabel(metric), values });
    }
  }
  return out;
}

const num = (x: number) =>
  !Number.isFinite(x)
    ? '–'
    : Math.abs(x) >= 100
      ? x.toFixed(0)
      : Math.abs(x) >= 10
        ? x.toFixed(1)
        : x.toFixed(2);
const cell = (v: { median: number; ratio: number } | undefined, kind: Kind) =>
  !v
    ? ''
    : kind === 'reference' || !Number.isFinite(v.ratio)
      ? num(v.median)
      : `${num(v.median)} (${v.ratio.toFixed(2)}×)`;

/** The table as Markdown (printed, and pasted into docs/performance.md). */
export function markdown(scenarios: ScenarioResult[], goals: Goal[]): string {
  const lines = [
    '| scenario | metric | y-websocket-server | Hocuspocus | coreport |',
    '|---|---|--:|--:|--:|',
  ];
  for (const r of rows(scenarios)) {
    lines.push(`| ${r.scenario} | ${r.metric} | ${KINDS.map((k) => cell(r.values[k], k)).join(' | ')} |`);
  }
  lines.push('', '| goal | measured | met |', '|---|---|---|');
  for (const g of goals)
    lines.push(`| ${g.goal} | ${g.measured} | ${g.met === null ? '–' : g.met ? 'yes' : 'NO'} |`);
  lines.push('', 'Scenarios:');
  for (const s of scenarios)
    lines.push(`- ${s.id}: ${s.name}${s.invalidRuns ? ` (${s.invalidRuns} invalid runs retried)` : ''}`);
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A self-contained HTML page: one bar per peer/coreport ratio to the reference (inline SVG, no scripts). */
export function html(scenarios: ScenarioResult[], goals: Goal[], at: string): string {
  const ratioRows = rows(scenarios).filter((r) => Number.isFinite(r.values.coreport?.ratio ?? Number.NaN));
  const max = Math.max(
    2,
    ...ratioRows.flatMap((r) => [r.values.hocuspocus?.ratio ?? 0, r.values.coreport?.ratio ?? 0]),
  );
  const W = 360;
  const scale = (x: number) => Math.min(W, (x / max) * W);
  const bar = (y: number, ratio: number | undefined, color: string) =>
    ratio === undefined || !Number.isFinite(ratio)
      ? ''
      : `<rect x="330" y="${y}" width="${scale(ratio).toFixed(1)}" height="9" fill="${color}"/>` +
        `<text x="${(335 + scale(ratio)).toFixed(1)}" y="${y + 8}" font-size="9">${ratio.toFixed(2)}×</text>`;
  const h = ratioRows.length * 26 + 30;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${h}" font-family="sans-serif">`,
    `<line x1="${330 + scale(1)}" y1="10" x2="${330 + scale(1)}" y2="${h - 10}" stroke="#000" stroke-dasharray="3,3"/>`,
    `<text x="${334 + scale(1)}" y="10" font-size="9">reference = 1</text>`,
    ...ratioRows.map((r, i) => {
      const y = 20 + i * 26;
      return (
        `<text x="0" y="${y + 12}" font-size="10">${esc(`${r.scenario}: ${r.metric}`)}</text>` +
        bar(y, r.values.hocuspocus?.ratio, '#d98c3f') +
        bar(y + 10, r.values.coreport?.ratio, '#2f6fb0')
      );
    }),
    '</svg>',
  ].join('\n');
  const goalRows = goals
    .map(
      (g) =>
        `<tr><td>${esc(g.goal)}</td><td>${esc(g.measured)}</td><td>${g.met === null ? '–' : g.met ? 'yes' : '<b>no</b>'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>coreport bench ${esc(at)}</title>
<style>body{font:14px sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:2px 6px}</style>
<h1>coreport vs peers: ratios to @y/websocket-server (lower is better)</h1>
<p>${esc(at)}. Medians of per-block ratios. <span style="color:#d98c3f">■ Hocuspocus 3.4.4</span>
<span style="color:#2f6fb0">■ coreport</span></p>
${svg}
<h2>Goals</h2><table><tr><th>goal</th><th>measured</th><th>met</th></tr>${goalRows}</table>
</html>
`;
}
