import { BlockList, isIP } from 'node:net';

/**
 * Address ranges no partner webhook may reach by default: "this" network, private (RFC 1918), carrier-grade
 * NAT, loopback, link-local (cloud metadata at 169.254.169.254), IETF protocol and documentation ranges,
 * benchmarking, multicast, reserved and broadcast; for IPv6 the unspecified and loopback addresses,
 * discard, unique-local, link-local, site-local, documentation and multicast. IPv4-mapped and NAT64
 * IPv6 addresses are judged by the IPv4 address inside them.
 */
const NON_PUBLIC = new BlockList();
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
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
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
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) address. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** True when `address` (an IP literal) lies in a range that is not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const inner = embeddedIpv4(address);
  if (inner) return NON_PUBLIC.check(inner, 'ipv4');
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  if (family === 6) return NON_PUBLIC.check(address, 'ipv6');
  return true; // not an IP at all: never trusted
}

/**
 * An allow-list of addresses and CIDR ranges (`'127.0.0.1'`, `'10.1.0.0/16'`, `'::1'`) that may be
 * reached although they are not public: for tests on loopback and for partners on a private network.
 *
 * @throws Error naming an entry that is neither an IP address nor a CIDR range.
 */
export function addressAllowList(entries: readonly string[]): (address: string) => boolean {
  const allowed = new BlockList();
  for (const entry of entries) {
    const [network, prefix, extra] = entry.split('/');
    const family = isIP(network ?? '');
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (
      family === 0 ||
      extra !== undefined ||
      !Number.isInteger(bits) ||
      bits < 0 ||
      bits > (family === 4 ? 32 : 128)
    ) {
      throw new Error(
        `allowAddresses: "${entry}" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`,
      );
    }
    allowed.addSubnet(network!, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const inner = embeddedIpv4(address);
    if (inner) return allowed.check(inner, 'ipv4');
    const family = isIP(address);
    return family !== 0 && allowed.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
