/**
 * The worker behind `SyncPg`: one PostgreSQL connection, one query at a time; the calling thread blocks
 * on `signal` until the answer is posted back (see sync-client.ts). Plain JavaScript run with
 * `eval: true`: the same in the compiled server and under tsx, and no TypeScript loader to start per
 * worker. `pgPath` is the absolute path of the pg package, resolved by the caller.
 */
export const SYNC_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { url, port, signal, pgPath } = workerData;
const pg = require(pgPath);
const INT8 = pg.types.builtins.INT8;
// 64-bit integers (COUNT(*), millisecond and sequence columns) as numbers, as better-sqlite3 gives them.
const types = {
  getTypeParser: (oid, format) =>
    oid === INT8 && format !== 'binary' ? (v) => Number(v) : pg.types.getTypeParser(oid, format),
};
let client = null;

async function connected() {
  if (client) return client;
  const fresh = new pg.Client({
    connectionString: url,
    types,
    connectionTimeoutMillis: 3000,
    statement_timeout: 5000,
    lock_timeout: 3000,
  });
  // A dropped connection (PostgreSQL restarted) is replaced on the next query.
  fresh.on('error', () => {
    if (client === fresh) client = null;
  });
  await fresh.connect();
  client = fresh;
  return fresh;
}

// Uint8Array arrives from the other thread (structured clone drops Buffer); pg wants Buffer for bytea.
const asPg = (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

port.on('message', async ({ id, sql, params }) => {
  let answer;
  try {
    const c = await connected();
    const result = await c.query(sql, params.map(asPg));
    answer = { id, rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (err) {
    if (client && !err.code) {
      // Not an answer from PostgreSQL (connection lost, timeout): start over with a fresh connection.
      client.end().catch(() => {});
      client = null;
    }
    answer = { id, error: String(err.message), code: err.code ?? null };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;
