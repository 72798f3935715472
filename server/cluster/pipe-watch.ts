import type pg from 'pg';

interface Pipe {
  ownerId: string;
  cut: () => void;
}

/**
 * Forwarded WebSockets (forward-upgrade.ts) are plain TCP pipes: if their owner freezes or loses
 * PostgreSQL, nothing closes them, and a stock client waits 30 s for a message before it reconnects.
 * So this node looks at the leases of the reports it pipes, once per renewal interval, and cuts every
 * pipe whose owner no longer holds a live lease (another node took over, or it ran out): the client
 * reconnects at once and is routed to whoever serves the report now. (A failed lookup cuts nothing.)
 */
export class PipeWatch {
  private readonly pipes = new Map<string, Set<Pipe>>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly everyMs: number,
  ) {}

  /** Watches a pipe to `ownerId` for `reportId`; returns the function that stops watching it. */
  add(reportId: string, ownerId: string, cut: () => void): () => void {
    const pipe = { ownerId, cut };
    const set = this.pipes.get(reportId) ?? new Set<Pipe>();
    this.pipes.set(reportId, set);
    set.add(pipe);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.everyMs);
      this.timer.unref();
    }
    return () => {
      set.delete(pipe);
      if (set.size === 0 && this.pipes.get(reportId) === set) this.pipes.delete(reportId);
      if (this.pipes.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async check(): Promise<void> {
    if (this.checking || this.pipes.size === 0) return;
    this.checking = true;
    try {
      const { rows } = await this.pool.query(
        'SELECT report_id, node_id FROM leases WHERE report_id = ANY($1::text[]) AND expires_at > now()',
        [[...this.pipes.keys()]],
      );
      const owners = new Map(rows.map((r) => [r.report_id as string, r.node_id as string]));
      for (const [reportId, set] of [...this.pipes]) {
        for (const pipe of [...set]) if (owners.get(reportId) !== pipe.ownerId) pipe.cut();
      }
    } catch {
      // PostgreSQL unreachable: the owner cannot tell either; its own self-fence closes its rooms.
    } finally {
      this.checking = false;
    }
  }
}
