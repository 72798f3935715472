/** Command-line options of `npm run bench` (quick by default; `--full` for the numbers to publish). */
export interface Options {
  full: boolean;
  blocks: number;
  warmupS: number;
  measureS: number;
  /** Scenario ids to run (a, a200, b, b-rate, c, d, e …); null runs all but b-rate. */
  only: Set<string> | null;
  retries: number;
  /** How many B4 edits to replay; null = the whole trace. */
  traceEdits: number | null;
  seed: number;
  /** Servers to run; the reference must stay for ratios. */
  servers: string[] | null;
  /** Write V8 CPU profiles of the coreport processes to bench/results/profiles. */
  profile: boolean;
  /** Blocks of the long scenarios (f, idle): fewer than the others unless `--blocks` is given. */
  longBlocks: number;
  /** Blocks of b-rate: 1 unless `--blocks` is given (each block steps every server through all rates). */
  rateBlocks: number;
  /** Scenario f's socket count: 10,000 (`--connections=N` lowers it in quick mode only). */
  connections: number;
}

export const USAGE = `npm run bench -- [--full] [--blocks=N] [--warmup=S] [--measure=S] [--only=a,a-off,a200,b,b-rate,c,d,e,f,idle,check]
  [--trace-edits=N] [--seed=N] [--servers=reference,hocuspocus,coreport] [--profile]
  [--connections=N (quick mode only)]`;

export function parseOptions(argv: string[]): Options {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const full = argv.includes('--full');
  const num = (name: string, fallback: number) => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number\n${USAGE}`);
    return n;
  };
  const only = get('only');
  const traceEdits = num('trace-edits', full ? 0 : 40_000);
  const blocks = Math.max(1, Math.round(num('blocks', full ? 7 : 5)));
  return {
    full,
    blocks,
    warmupS: num('warmup', full ? 5 : 1.5),
    measureS: num('measure', full ? 20 : 4),
    only: only ? new Set(only.split(',')) : null,
    retries: 2,
    traceEdits: traceEdits > 0 ? traceEdits : null,
    seed: num('seed', 20261124),
    servers: get('servers')?.split(',') ?? null,
    profile: argv.includes('--profile'),
    longBlocks: get('blocks') === undefined ? (full ? 3 : 1) : blocks,
    rateBlocks: get('blocks') === undefined ? 1 : blocks,
    connections: full ? 10_000 : Math.max(100, Math.round(num('connections', 10_000))),
  };
}
