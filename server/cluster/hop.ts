import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers a node adds to a request it forwards to the report's owner. */
export const HOP_HEADER = 'x-coreport-hop';
export const CLIENT_IP_HEADER = 'x-coreport-client-ip';

/** How old a forwarded request's signature may be (clock skew between nodes plus transit). */
const MAX_AGE_MS = 30_000;

function mac(secret: string, fields: string[]): string {
  return createHmac('sha256', secret).update(fields.join('\n')).digest('base64url');
}

/** The hop headers for forwarding `method path` on behalf of `clientIp`. */
export function signHop(
  secret: string,
  nodeId: string,
  clientIp: string,
  method: string,
  path: string,
  now = Date.now(),
): Record<string, string> {
  const ts = String(now);
  return {
    [HOP_HEADER]: `${nodeId}.${ts}.${mac(secret, [nodeId, ts, clientIp, method, path])}`,
    [CLIENT_IP_HEADER]: clientIp,
  };
}

/**
 * The client's address from a forwarded request, if its hop header is a valid, fresh signature by a
 * node of this cluster; null if the request was not forwarded or the signature does not hold (then the
 * headers are ignored: a client cannot claim another address, nor pose as a node to skip routing).
 */
export function verifyHop(
  secret: string,
  header: string | undefined,
  clientIp: string | undefined,
  method: string,
  path: string,
  now = Date.now(),
): string | null {
  if (!header || !clientIp) return null;
  const [nodeId, ts, signature, extra] = header.split('.');
  if (!nodeId || !ts || !signature || extra !== undefined) return null;
  const age = now - Number(ts);
  if (!Number.isFinite(age) || Math.abs(age) > MAX_AGE_MS) return null;
  const expected = Buffer.from(mac(secret, [nodeId, ts, clientIp, method, path]));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return clientIp;
}
