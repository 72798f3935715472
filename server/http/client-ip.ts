/**
 * Who a request really came from. Without TRUST_PROXY: the TCP peer, and https only if the server
 * itself was reached over TLS. Behind a proxy listed in TRUST_PROXY (addresses or CIDRs): the first
 * address in X-Forwarded-For, read from the right, that is not itself a trusted proxy, and the scheme
 * from X-Forwarded-Proto. Headers from anyone else are ignored: they would let a client pick its own
 * address and escape per-IP limits.
 */
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** A matcher for the configured proxies. */
export function trustedProxies(entries: string[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const plain = address.replace(/^::ffff:(?=\d+\.)/, ''); // IPv4-mapped IPv6, as node reports it
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function peer(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by node-server (app.request in unit tests)
  }
}

export function clientIp(c: Context, trusted: (address: string) => boolean): string {
  return behindProxies(peer(c), c.req.header('x-forwarded-for'), trusted);
}

/** The client behind TCP peer `address`: the peer itself unless it is a trusted proxy (see above). */
export function behindProxies(
  address: string,
  forwardedFor: string | undefined,
  trusted: (address: string) => boolean,
): string {
  if (!trusted(address)) return address;
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim());
  let client = address;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) break;
    client = hop;
    if (!trusted(hop)) break;
  }
  return client;
}

/** Whether the browser's connection is https (directly, or as a trusted proxy says). */
export function isHttps(c: Context, trusted: (address: string) => boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (!trusted(peer(c))) return false;
  const proto = (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase();
  return proto === 'https';
}
