/**
 * Which addresses a download may connect to. Image URLs come from scraped pages and old posts,
 * so they are untrusted: an `<img src="http://169.254.169.254/…">` or a host name that resolves
 * to 127.0.0.1 must not make blogport reach into the user's own network. The check is on the
 * address actually connected to (inside the DNS lookup the socket uses), not on the host name's
 * text, so a name that resolves to a private address — or changes to one between two lookups
 * (DNS rebinding) — is refused too.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Node's `dns.lookup` signature, as `http.request({ lookup })` calls it. */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** Loopback, private, link-local, carrier-grade NAT, multicast, reserved and documentation ranges. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address carried inside an IPv6 one (`::ffff:127.0.0.1`, NAT64 `64:ff9b::7f00:1`). */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return undefined;
}

/** Whether `address` (an IP literal) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return isPublicAddress(v4);
    return !NOT_PUBLIC.check(address, 'ipv6');
  }
  return false;
}

/** Thrown (as the socket's error) for a connection the guard refuses; never retried. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(host: string, address: string) {
    super(
      host === address
        ? `${address} is a private or loopback address (allow with --allow-private-hosts)`
        : `${host} resolves to ${address}, a private or loopback address (allow with --allow-private-hosts)`,
    );
  }
}

/**
 * A DNS lookup that drops every non-public address from the answer, and fails when none is
 * left. Used as the socket's own lookup, so the address checked is the one connected to.
 */
export function guardedLookup(lookup: LookupFunction = dnsLookup as LookupFunction, allowPrivate = false): LookupFunction {
  if (allowPrivate) return lookup;
  return (hostname, options, callback) => {
    lookup(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      if (Array.isArray(address)) {
        const kept = address.filter((a) => isPublicAddress(a.address));
        if (kept.length === 0) return callback(new PrivateAddressError(hostname, address[0]?.address ?? '?'), []);
        return callback(null, kept);
      }
      if (!isPublicAddress(address)) return callback(new PrivateAddressError(hostname, address), '', family);
      callback(null, address, family);
    });
  };
}

/** For a URL whose host is an IP literal (sockets skip the lookup then): why it is refused, if it is. */
export function refuseLiteral(hostname: string, allowPrivate: boolean): PrivateAddressError | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (allowPrivate || isIP(bare) === 0) return undefined;
  return isPublicAddress(bare) ? undefined : new PrivateAddressError(bare, bare);
}
