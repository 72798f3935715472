import pg from 'pg';

/**
 * How pg parses what PostgreSQL sends: 64-bit integers (COUNT(*), BIGINT columns holding milliseconds
 * and sequence numbers) as JavaScript numbers, as better-sqlite3 returns them. They stay below 2^53.
 * (The synchronous worker, sync-worker.ts, does the same in its own thread.)
 */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
