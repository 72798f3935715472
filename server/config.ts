import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_INBOUND_LIMITS, type InboundLimits } from './rooms/inbound-limits.ts';
import { DEFAULT_WRITE_QUOTAS, type WriteQuotas } from './rooms/write-quotas.ts';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './ws/socket-limits.ts';

/** Server settings, read from the environment (see README "Configuration"). */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  maxMessageBytes: number;
  /** Largest edit (sync step 2 or update message): a long offline session or a big paste; at least maxMessageBytes. */
  maxUpdateBytes: number;
  allowSignup: boolean;
  allowedOrigins: string[];
  /** Proxy addresses/CIDRs whose X-Forwarded-For/-Proto are believed (server/http/client-ip.ts). */
  trustProxy: string[];
  /** `full` makes commits durable across power loss (SQLite synchronous=FULL); `normal` across process crashes. */
  durability: 'normal' | 'full';
  /** How long a room stays loaded after its last client left. */
  roomIdleMs: number;
  /** While the store is busy, at most one group commit per this many ms (server/rooms/turns.ts); 0: none. */
  commitWindowMs: number;
  /** Outbound bytes a socket may have queued before it is dropped as a slow reader. */
  maxBufferedBytes: number;
  pingIntervalMs: number;
  /** Per-connection budgets and the room's unstored-memory cap. */
  limits: InboundLimits;
  /** Caps on sockets per user and per IP, and on connection attempts per IP. */
  sockets: SocketLimits;
  /** New Yjs client ids and format restores per user and report. */
  quotas: WriteQuotas;
  /** A connection must have sent its request headers (e.g. the WebSocket upgrade) within this time. */
  headersTimeoutMs: number;
  /** How long a leader's change that stops someone typing is announced before it applies (0: at once). */
  workflowGraceMs: number;
  /** How often the server looks for due dates that have passed (overdue notifications). */
  dueCheckMs: number;
  /** Reports one user may create (server/http/quotas.ts). */
  maxReportsPerUser: number;
  /** Comment actions (new, reply, edit, resolve, delete) one user may make at once; then 20 a minute. */
  commentBurst: number;
  /** A section's editing burst becomes a version after this long without edits (docs/history.md). */
  historyIdleMs: number;
  /** …or after this long of continuous editing. */
  historyMaxMs: number;
  /** `STORAGE=postgres`: cluster mode (docs/deploy.md); null: one process on the SQLite file in dataDir. */
  cluster: ClusterConfig | null;
}

/** Cluster mode: every node shares one PostgreSQL; each report is served by the node holding its lease. */
export interface ClusterConfig {
  databaseUrl: string;
  /** This node's name, unique in the cluster. */
  nodeId: string;
  /** Where the other nodes reach this one (forwarded sockets and REST calls). */
  nodeUrl: string;
  /** Signs forwarded requests between nodes (HMAC), so only a node can pass on a client's address. */
  secret: string;
  /** A lease lasts this long after its last renewal; the owner renews it every `leaseRenewMs`. */
  leaseTtlMs: number;
  leaseRenewMs: number;
}

export class ConfigError extends Error {}

const defaults: Config = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  maxMessageBytes: 1024 * 1024,
  maxUpdateBytes: 8 * 1024 * 1024,
  allowSignup: false,
  allowedOrigins: [],
  trustProxy: [],
  durability: 'normal',
  roomIdleMs: 30_000,
  commitWindowMs: 0,
  maxBufferedBytes: 8 * 1024 * 1024,
  pingIntervalMs: 30_000,
  limits: DEFAULT_INBOUND_LIMITS,
  sockets: DEFAULT_SOCKET_LIMITS,
  quotas: DEFAULT_WRITE_QUOTAS,
  headersTimeoutMs: 10_000,
  workflowGraceMs: 3000,
  dueCheckMs: 60_000,
  maxReportsPerUser: 1000,
  commentBurst: 30,
  historyIdleMs: 5 * 60_000,
  historyMaxMs: 15 * 60_000,
  cluster: null,
};

/** Whole-number limits (at least 1): variable, where it goes, upper bound. */
const limitVars: [string, keyof InboundLimits, number][] = [
  ['WS_MESSAGE_RATE', 'messageRate', 1_000_000],
  ['WS_MESSAGE_BURST', 'messageBurst', 10_000_000],
  ['WS_BYTE_RATE', 'byteRate', 1024 ** 3],
  ['WS_BYTE_BURST', 'byteBurst', 1024 ** 3],
  ['WS_AWARENESS_RATE', 'awarenessRate', 1000],
  ['MAX_UNSTORED_BYTES', 'maxUnstoredBytes', 1024 ** 3],
];
const socketVars: [string, keyof SocketLimits, number][] = [
  ['WS_MAX_PER_USER', 'perUser', 100_000],
  ['WS_MAX_PER_IP', 'perIp', 1_000_000],
  ['WS_ATTEMPT_RATE', 'attemptRate', 1_000_000],
  ['WS_ATTEMPT_BURST', 'attemptBurst', 10_000_000],
];

const quotaVars: [string, keyof WriteQuotas, number][] = [
  ['NEW_CLIENT_IDS_PER_MESSAGE', 'newClientIdsPerMessage', 10_000],
  ['NEW_CLIENT_IDS_PER_HOUR', 'newClientIdsPerHour', 100_000],
  ['FORMAT_RESTORES_PER_HOUR', 'formatRestoresPerHour', 100_000],
];

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(name: string, raw: string): boolean {
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no', ''].includes(raw)) return false;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function origins(raw: string): string[] {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS: "${origin}" is not a URL like https://example.org`);
    }
    if (parsed.origin !== origin) {
      throw new ConfigError(`ALLOWED_ORIGINS: "${origin}" must be a bare origin such as ${parsed.origin}`);
    }
  }
  return list;
}

/** TRUST_PROXY: comma-separated addresses or CIDRs (`127.0.0.1`, `10.0.0.0/8`, `::1`). */
function proxies(raw: string): string[] {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : 128;
    const ok =
      family !== 0 &&
      extra === undefined &&
      (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max));
    if (!ok) throw new ConfigError(`TRUST_PROXY: "${entry}" is not an address or CIDR like 10.0.0.0/8`);
  }
  return list;
}

function httpUrl(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${raw}"`,
    );
  }
  return raw;
}

function cluster(env: Record<string, string | undefined>): ClusterConfig | null {
  const storage = env.STORAGE ?? 'sqlite';
  if (storage === 'sqlite') return null;
  if (storage !== 'postgres')
    throw new ConfigError(`STORAGE must be "sqlite" or "postgres", got "${storage}"`);
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`${name} is required with STORAGE=postgres`);
    return value;
  };
  const nodeId = required('NODE_ID');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(nodeId)) {
    throw new ConfigError(`NODE_ID must be 1 to 64 letters, digits, "." "_" or "-", got "${nodeId}"`);
  }
  const secret = required('CLUSTER_SECRET');
  if (secret.length < 32) throw new ConfigError('CLUSTER_SECRET must be at least 32 characters');
  const leaseTtlMs =
    env.LEASE_TTL_MS === undefined ? 6000 : integer('LEASE_TTL_MS', env.LEASE_TTL_MS, 2000, 600_000);
  const leaseRenewMs =
    env.LEASE_RENEW_MS === undefined
      ? Math.floor(leaseTtlMs / 3)
      : integer('LEASE_RENEW_MS', env.LEASE_RENEW_MS, 100, 600_000);
  if (leaseRenewMs * 2 > leaseTtlMs) {
    throw new ConfigError(
      `LEASE_RENEW_MS (${leaseRenewMs}) must be at most half of LEASE_TTL_MS (${leaseTtlMs})`,
    );
  }
  return {
    databaseUrl: httpUrl('DATABASE_URL', required('DATABASE_URL'), ['postgres:', 'postgresql:']),
    nodeId,
    nodeUrl: httpUrl('NODE_URL', required('NODE_URL'), ['http:', 'https:']).replace(/\/+$/, ''),
    secret,
    leaseTtlMs,
    leaseRenewMs,
  };
}

/** Reads and checks the configuration; throws ConfigError with a message naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const config = { ...defaults };
  if (env.HOST !== undefined) {
    if (!env.HOST.trim()) throw new ConfigError('HOST must not be empty');
    config.host = env.HOST.trim();
  }
  if (env.PORT !== undefined) config.port = integer('PORT', env.PORT, 0, 65535);
  if (env.DATA_DIR !== undefined) {
    if (!env.DATA_DIR.trim()) throw new ConfigError('DATA_DIR must not be empty');
    config.dataDir = env.DATA_DIR;
  }
  if (env.MAX_MESSAGE_BYTES !== undefined) {
    config.maxMessageBytes = integer('MAX_MESSAGE_BYTES', env.MAX_MESSAGE_BYTES, 1024, 64 * 1024 * 1024);
  }
  if (env.MAX_UPDATE_BYTES !== undefined) {
    config.maxUpdateBytes = integer('MAX_UPDATE_BYTES', env.MAX_UPDATE_BYTES, 1024, 256 * 1024 * 1024);
  }
  config.maxUpdateBytes = Math.max(config.maxUpdateBytes, config.maxMessageBytes);
  if (env.ALLOW_SIGNUP !== undefined) config.allowSignup = flag('ALLOW_SIGNUP', env.ALLOW_SIGNUP);
  if (env.ALLOWED_ORIGINS !== undefined) config.allowedOrigins = origins(env.ALLOWED_ORIGINS);
  if (env.TRUST_PROXY !== undefined) config.trustProxy = proxies(env.TRUST_PROXY);
  if (env.DURABILITY !== undefined) {
    if (env.DURABILITY !== 'normal' && env.DURABILITY !== 'full') {
      throw new ConfigError(`DURABILITY must be "normal" or "full", got "${env.DURABILITY}"`);
    }
    config.durability = env.DURABILITY;
  }
  if (env.MAX_BUFFERED_BYTES !== undefined) {
    config.maxBufferedBytes = integer('MAX_BUFFERED_BYTES', env.MAX_BUFFERED_BYTES, 1024, 1024 * 1024 * 1024);
  }
  if (env.PING_INTERVAL_MS !== undefined) {
    config.pingIntervalMs = integer('PING_INTERVAL_MS', env.PING_INTERVAL_MS, 10, 3_600_000);
  }
  if (env.HEADERS_TIMEOUT_MS !== undefined) {
    config.headersTimeoutMs = integer('HEADERS_TIMEOUT_MS', env.HEADERS_TIMEOUT_MS, 100, 300_000);
  }
  if (env.WORKFLOW_GRACE_MS !== undefined) {
    config.workflowGraceMs = integer('WORKFLOW_GRACE_MS', env.WORKFLOW_GRACE_MS, 0, 60_000);
  }
  if (env.DUE_CHECK_MS !== undefined)
    config.dueCheckMs = integer('DUE_CHECK_MS', env.DUE_CHECK_MS, 10, 86_400_000);
  if (env.HISTORY_IDLE_MS !== undefined)
    config.historyIdleMs = integer('HISTORY_IDLE_MS', env.HISTORY_IDLE_MS, 10, 86_400_000);
  if (env.HISTORY_MAX_MS !== undefined)
    config.historyMaxMs = integer('HISTORY_MAX_MS', env.HISTORY_MAX_MS, 10, 86_400_000);
  if (env.MAX_REPORTS_PER_USER !== undefined)
    config.maxReportsPerUser = integer('MAX_REPORTS_PER_USER', env.MAX_REPORTS_PER_USER, 1, 10_000_000);
  if (env.COMMENT_BURST !== undefined)
    config.commentBurst = integer('COMMENT_BURST', env.COMMENT_BURST, 1, 1_000_000);
  config.limits = { ...config.limits };
  for (const [name, key, max] of limitVars) {
    const raw = env[name];
    if (raw !== undefined) config.limits[key] = integer(name, raw, 1, max);
  }
  config.sockets = { ...config.sockets };
  for (const [name, key, max] of socketVars) {
    const raw = env[name];
    if (raw !== undefined) config.sockets[key] = integer(name, raw, 1, max);
  }
  config.quotas = { ...config.quotas };
  for (const [name, key, max] of quotaVars) {
    const raw = env[name];
    if (raw !== undefined) config.quotas[key] = integer(name, raw, 1, max);
  }
  if (env.ROOM_IDLE_MS !== undefined)
    config.roomIdleMs = integer('ROOM_IDLE_MS', env.ROOM_IDLE_MS, 0, 86_400_000);
  if (env.COMMIT_WINDOW_MS !== undefined)
    config.commitWindowMs = integer('COMMIT_WINDOW_MS', env.COMMIT_WINDOW_MS, 0, 4);
  config.dataDir = path.resolve(config.dataDir);
  config.cluster = cluster(env);
  return config;
}
