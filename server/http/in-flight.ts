/**
 * Counts costly work in flight (imports, exports) per user and in total, so one account cannot start
 * more than its share and all of them together cannot queue more than the machine can run.
 */
export class InFlight {
  private total = 0;
  private readonly perKey = new Map<string, number>();

  constructor(
    readonly maxPerKey: number,
    readonly maxTotal = Number.POSITIVE_INFINITY,
  ) {}

  /** Starts one for `key`: a release function, or why not ('key' over its cap, 'total' over the shared one). */
  start(key: string): { release: () => void } | { refused: 'key' | 'total' } {
    const mine = this.perKey.get(key) ?? 0;
    if (mine >= this.maxPerKey) return { refused: 'key' };
    if (this.total >= this.maxTotal) return { refused: 'total' };
    this.perKey.set(key, mine + 1);
    this.total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perKey.get(key) ?? 1) - 1;
        if (left > 0) this.perKey.set(key, left);
        else this.perKey.delete(key);
      },
    };
  }
}
