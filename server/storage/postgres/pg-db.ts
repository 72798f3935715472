import type { Db } from '../db.ts';
import { statementForPostgres } from './sqlite-dialect.ts';
import type { SyncPg } from './sync-client.ts';

interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/** Positional parameters as better-sqlite3 takes them (booleans are not bindable there either). */
type Params = unknown[];

/**
 * The part of better-sqlite3's `Database` the stores use (`prepare` → get/all/run, `transaction`, `exec`),
 * over PostgreSQL through `SyncPg`. Statements are translated once, when prepared.
 */
export class PgDb {
  private depth = 0;

  constructor(private readonly pg: SyncPg) {}

  prepare(sql: string) {
    const text = statementForPostgres(sql);
    const pg = this.pg;
    return {
      get: (...params: Params) => pg.query(text, params).rows[0],
      all: (...params: Params) => pg.query(text, params).rows,
      run: (...params: Params): RunResult => {
        const result = pg.query(text, params);
        const id = result.rows[0]?.id;
        return { changes: result.rowCount, lastInsertRowid: typeof id === 'number' ? id : 0 };
      },
    };
  }

  exec(sql: string): this {
    this.pg.query(sql);
    return this;
  }

  /**
   * Like better-sqlite3's: the returned function runs `fn` in BEGIN … COMMIT (ROLLBACK if it throws);
   * nested calls join the outer transaction. `.immediate()` runs it SERIALIZABLE, so that a
   * check-then-insert (the first account) cannot interleave with another node's.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R) {
    const run = (begin: string, args: A): R => {
      if (this.depth > 0) return fn(...args);
      this.pg.query(begin);
      this.depth++;
      try {
        const result = fn(...args);
        this.pg.query('COMMIT');
        return result;
      } catch (err) {
        try {
          this.pg.query('ROLLBACK');
        } catch {
          // the connection is gone: so is the transaction
        }
        throw err;
      } finally {
        this.depth--;
      }
    };
    const tx = (...args: A) => run('BEGIN', args);
    tx.deferred = tx;
    tx.immediate = (...args: A) => run('BEGIN ISOLATION LEVEL SERIALIZABLE', args);
    tx.exclusive = tx.immediate;
    return tx;
  }

  pragma(): undefined {
    return undefined;
  }

  close(): void {
    void this.pg.close();
  }

  /** Typed as the SQLite handle the stores are written against (they use only what is above). */
  asDb(): Db {
    return this as unknown as Db;
  }
}
