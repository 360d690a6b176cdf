import { BlockList, isIP } from 'node:net';

/**
 * Whether `ip` is allowed by an API key's allow-list of addresses and CIDR blocks; an empty list allows any
 * address. Entries the users service accepted are well formed; one that is not allows nothing.
 */
export function isIpAllowed(ip: string, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return true;
  const family = isIP(ip);
  if (family === 0) return false;
  const list = new BlockList();
  for (const entry of allowList) {
    const [address = '', prefix] = entry.split('/');
    const entryFamily = isIP(address);
    if (entryFamily === 0) continue;
    const type = entryFamily === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else if (/^\d{1,3}$/.test(prefix)) list.addSubnet(address, Number(prefix), type);
  }
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}
