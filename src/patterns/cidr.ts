import net from 'node:net';
import { PatternError } from './types.js';

/** Compiles `10.0.0.0/24` or `2001:db8::/32` into a test on IP address strings. */
export function compileCidr(cidr: string): (ip: string) => boolean {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const version = net.isIP(address);
  if (version === 0) throw new PatternError(`Malformed CIDR, one '/' required`);
  const width = version === 4 ? 32 : 128;
  const maskText = slash < 0 ? String(width) : cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(maskText) || Number(maskText) > width) throw new PatternError(`Malformed CIDR, mask bits must be between 0 and ${width}`);
  const bits = Number(maskText);
  const base = toBigInt(address, version);
  const shift = BigInt(width - bits);
  const network = base >> shift;
  return (ip: string) => {
    if (net.isIP(ip) !== version) return false;
    return toBigInt(ip, version) >> shift === network;
  };
}

function toBigInt(ip: string, version: number): bigint {
  if (version === 4) return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  return expandIpv6(ip).reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

function expandIpv6(ip: string): number[] {
  let text = ip;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  return groups.map((g) => Number.parseInt(g || '0', 16));
}
