/**
 * The worker behind `SyncPg`: one PostgreSQL connection, one query at a time, in the order sent; the
 * calling thread blocks on `signal` until the answer is posted back (see sync-client.ts). Plain
 * JavaScript run with `eval: true`: the same in the compiled server and under tsx, and no TypeScript
 * loader to start per worker. `pgPath` is the absolute path of the pg package, resolved by the caller.
 *
 * Every query carries the `deadline` at which the caller stops waiting, and the worker gives up then
 * too: a silent connection (a partition: no error, no answer, ever) is dropped and the next query opens
 * a fresh one, instead of queuing behind a query that will never return. A transaction whose connection
 * was dropped is gone on the server; its remaining statements are refused until the caller's ROLLBACK
 * (or COMMIT, refused), so they never run outside it on the fresh connection.
 *
 * `signal[0]` wakes the caller for each answer; `signal[1]` is 1 while a connection is open and
 * answering (the caller clears it when a wait ran out, or when it suspects PostgreSQL is unreachable).
 * Otherwise the caller waits only briefly: a connection is being opened (in the background, up to its
 * own timeout), and a node cut off from PostgreSQL should answer 503 at once rather than stall its event
 * loop on every query until the partition ends.
 */
export const SYNC_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { url, port, signal, pgPath, settings } = workerData;
const pg = require(pgPath);
const INT8 = pg.types.builtins.INT8;
// 64-bit integers (COUNT(*), millisecond and sequence columns) as numbers, as better-sqlite3 gives them.
const types = {
  getTypeParser: (oid, format) =>
    oid === INT8 && format !== 'binary' ? (v) => Number(v) : pg.types.getTypeParser(oid, format),
};
let client = null;
/** A transaction was lost with its connection: refuse its statements until it ends. */
let lost = false;

const inTransaction = (c) => c.getTransactionStatus() === 'T' || c.getTransactionStatus() === 'E';

const dropped = new WeakSet();

function drop(c) {
  // Once: its 'end' event comes after a timeout has dropped it, when its transaction is long dealt with.
  if (dropped.has(c)) return;
  dropped.add(c);
  if (client === c) {
    client = null;
    Atomics.store(signal, 1, 0);
  }
  if (inTransaction(c)) lost = true;
  // With a query still active this destroys the socket: a hung query cannot hold it open.
  c.end().catch(() => {});
}

/** One attempt at a time, not cut short by the queries waiting for it (they fail; it goes on). */
let opening = null;

function open() {
  opening ??= (async () => {
    const fresh = new pg.Client({
      connectionString: url,
      types,
      connectionTimeoutMillis: settings.connectMs,
      keepAlive: true,
      statement_timeout: settings.statementMs,
      lock_timeout: settings.lockMs,
      // A node partitioned mid-transaction must not hold its row locks (a lease row) until TCP gives up.
      idle_in_transaction_session_timeout: settings.idleInTransactionMs,
    });
    // A dropped connection (PostgreSQL restarted) is replaced on the next query.
    fresh.on('error', () => drop(fresh));
    fresh.on('end', () => drop(fresh));
    try {
      await fresh.connect();
    } finally {
      opening = null;
    }
    if (dropped.has(fresh)) throw new Error('the connection to PostgreSQL was lost as it opened');
    client = fresh;
    Atomics.store(signal, 1, 1);
    return fresh;
  })();
  return opening;
}

async function connected(deadline) {
  if (client) return client;
  const attempt = open();
  attempt.catch(() => {}); // failing after its caller gave up: the next query tries again
  let timer;
  const gaveUp = new Promise((_, reject) => {
    timer = setTimeout(() => reject(late()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([attempt, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

// Uint8Array arrives from the other thread (structured clone drops Buffer); pg wants Buffer for bytea.
const asPg = (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

const isSqlState = (code) => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
const late = () => new Error('PostgreSQL did not answer in time');

async function run(sql, params, deadline) {
  if (lost) {
    if (/^\\s*ROLLBACK\\b/i.test(sql)) return { rows: [], rowCount: 0 };
    throw new Error('the transaction was lost with its connection to PostgreSQL');
  }
  if (Date.now() >= deadline) {
    // The caller has stopped waiting: nothing is sent. Its transaction, if open, goes with the connection.
    if (client && inTransaction(client)) drop(client);
    throw late();
  }
  const c = await connected(deadline);
  const left = deadline - Date.now();
  if (left <= 0) {
    if (inTransaction(c)) drop(c);
    throw late();
  }
  try {
    return await c.query({ text: sql, values: params.map(asPg), query_timeout: left });
  } catch (err) {
    // Not an answer from PostgreSQL (connection lost, timed out): start over with a fresh connection.
    if (!isSqlState(err.code)) drop(c);
    throw err;
  }
}

async function answer({ id, sql, params, deadline }) {
  try {
    const result = await run(sql, params, deadline);
    return { id, rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (err) {
    return { id, error: String(err.message), code: err.code ?? null };
  } finally {
    // The caller's transaction is over (whatever it ended with): what comes next may start another.
    if (/^\\s*(COMMIT|ROLLBACK)\\b/i.test(sql)) lost = false;
  }
}

let queue = Promise.resolve();
port.on('message', (message) => {
  queue = queue.then(async () => {
    port.postMessage(await answer(message));
    Atomics.store(signal, 1, client ? 1 : 0);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
`;
