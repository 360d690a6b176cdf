import { BlockList, isIP } from 'node:net';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Parses `203.0.113.0/24`, `2001:db8::/32`, or a single address (a /32 or /128). Refuses prefixes out of range
 * and host bits set below the prefix (`10.0.0.1/8` is a typo for a host or a network; asking avoids surprises).
 */
export function parseCidr(text: string): Cidr | null {
  const [address, prefixText, ...rest] = text.trim().split('/');
  if (rest.length || !address) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  // The block's first address must be the given one: no host bits below the prefix.
  if (prefix < max && !isNetworkAddress(address, prefix, family)) return null;
  return { address, prefix, family };
}

function isNetworkAddress(address: string, prefix: number, family: 'ipv4' | 'ipv6'): boolean {
  const bits = toBits(address, family);
  return !bits.slice(prefix).includes('1');
}

function toBits(address: string, family: 'ipv4' | 'ipv6'): string {
  if (family === 'ipv4')
    return address
      .split('.')
      .map((part) => Number(part).toString(2).padStart(8, '0'))
      .join('');
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const expand = (parts: string[]) =>
    parts.flatMap((part) =>
      part.includes('.')
        ? [toBits(part, 'ipv4').slice(0, 16), toBits(part, 'ipv4').slice(16)].map((b) =>
            parseInt(b, 2).toString(16),
          )
        : [part],
    );
  const h = expand(headParts);
  const t = expand(tailParts);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups
    .map((group) =>
      parseInt(group || '0', 16)
        .toString(2)
        .padStart(16, '0'),
    )
    .join('');
}

/**
 * The network a client address is counted under for login throttling: an IPv4 address itself, and for IPv6
 * its /64 (one subscriber usually holds a whole /64, so counting single addresses would be trivially dodged);
 * an IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function clientNetwork(ip: string): string | null {
  const version = isIP(ip);
  if (version === 0) return null;
  if (version === 4) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bits = toBits(ip, 'ipv6').slice(0, 64);
  const groups = [0, 16, 32, 48].map((at) => parseInt(bits.slice(at, at + 16), 2).toString(16));
  return `${groups.join(':')}::/64`;
}

export function formatCidr(cidr: Cidr): string {
  return `${cidr.address}/${cidr.prefix}`;
}

/** Whether `ip` falls in any block of the list; an empty list allows every address. */
export function ipAllowed(ip: string, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return true;
  const version = isIP(ip);
  if (version === 0) return false;
  const blocks = new BlockList();
  for (const entry of allowList) {
    const cidr = parseCidr(entry);
    if (cidr) blocks.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return blocks.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}
