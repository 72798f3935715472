/**
 * Fast or long: `npm test` runs every suite at its fast size; `npm run soak` / `npm run fuzz` set
 * COREPORT_LONG=1 and the same suites run at their long size.
 */
export const LONG = process.env.COREPORT_LONG === '1';

/** `fast` in `npm test`, `long` under `npm run soak` / `npm run fuzz`. */
export const scaled = (fast: number, long: number): number => (LONG ? long : fast);

/** Prints a figure for docs/reliability.md, marked so runs can be grepped. */
export function figure(name: string, value: unknown): void {
  console.log(`[figure] ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/**
 * fast-check parameters: a fixed seed in `npm test`, so that CI judges the same cases every run;
 * fresh random seeds and `long` runs under `npm run fuzz`, where finding new cases is the point
 * (fast-check prints the seed and path of any failure, to replay it with a fixed seed).
 */
export const propertyRuns = (fast: number, long: number): { numRuns: number; seed?: number } =>
  LONG ? { numRuns: long } : { numRuns: fast, seed: 20261125 };
