/**
 * IP literals as attackers write them, and whether an address may be fetched.
 *
 * An SSRF filter that only understands dotted quads is bypassed with `http://2130706433/`,
 * `http://0x7f.1/` or `http://[::ffff:127.0.0.1]/`, so IPv4 follows inet_aton (one to four
 * parts, each decimal, octal with a leading 0, or hex with 0x) and IPv6 follows RFC 4291
 * (compression, embedded IPv4). Classification allows global unicast only.
 */

export interface AddressVerdict {
  /** Whether a request may go to this address. */
  allowed: boolean;
  /** Why not (`loopback`, `private network`, `cloud metadata`…), or `public`. */
  reason: string;
}

const PART_LIMITS = [0xffffffff, 0xffffff, 0xffff, 0xff];

function parseIpv4Part(part: string): number | undefined {
  if (part.length === 0) return undefined;
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part.slice(1), 8);
  if (/^(0|[1-9]\d*)$/.test(part)) return Number(part);
  return undefined;
}

/** Parses an IPv4 literal in any inet_aton form; undefined when `host` is not one. */
export function parseIpv4(host: string): [number, number, number, number] | undefined {
  const text = host.endsWith('.') ? host.slice(0, -1) : host;
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const values = parts.map(parseIpv4Part);
  if (values.some((value) => value === undefined || !Number.isSafeInteger(value))) return undefined;
  const numbers = values as number[];
  const last = numbers[numbers.length - 1] as number;
  const lastLimit = PART_LIMITS[numbers.length - 1] as number;
  if (last > lastLimit || numbers.slice(0, -1).some((value) => value > 0xff)) return undefined;
  let value = last;
  numbers.slice(0, -1).forEach((part, index) => {
    value += part * 2 ** (8 * (3 - index));
  });
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** Parses an IPv6 literal (brackets allowed, zone ids refused); undefined when not one. */
export function parseIpv6(host: string): number[] | undefined {
  let text = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (!text.includes(':') || text.includes('%')) return undefined;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const maybeIpv4 = text.slice(lastColon + 1);
  if (maybeIpv4.includes('.')) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(maybeIpv4)) return undefined;
    const octets = maybeIpv4.split('.').map(Number);
    if (octets.some((octet) => octet > 255)) return undefined;
    tail.push(((octets[0] as number) << 8) | (octets[1] as number), ((octets[2] as number) << 8) | (octets[3] as number));
    text = `${text.slice(0, lastColon + 1)}${tail.length > 0 ? '0:0' : ''}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (segment: string): number[] | undefined => {
    if (segment.length === 0) return [];
    const groups = segment.split(':');
    if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return undefined;
    return groups.map((group) => Number.parseInt(group, 16));
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  if (tail.length === 2) {
    groups[6] = tail[0] as number;
    groups[7] = tail[1] as number;
  }
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

interface Ipv4Range {
  base: [number, number, number, number];
  prefix: number;
  reason: string;
}

const IPV4_BLOCKED: readonly Ipv4Range[] = [
  { base: [0, 0, 0, 0], prefix: 8, reason: 'unspecified ("this network")' },
  { base: [10, 0, 0, 0], prefix: 8, reason: 'private network' },
  { base: [100, 64, 0, 0], prefix: 10, reason: 'carrier-grade NAT (shared address space)' },
  { base: [127, 0, 0, 0], prefix: 8, reason: 'loopback' },
  { base: [169, 254, 169, 254], prefix: 32, reason: 'cloud metadata' },
  { base: [169, 254, 0, 0], prefix: 16, reason: 'link-local' },
  { base: [172, 16, 0, 0], prefix: 12, reason: 'private network' },
  { base: [192, 0, 0, 0], prefix: 24, reason: 'IETF protocol assignments' },
  { base: [192, 0, 2, 0], prefix: 24, reason: 'documentation' },
  { base: [192, 88, 99, 0], prefix: 24, reason: '6to4 relay' },
  { base: [192, 168, 0, 0], prefix: 16, reason: 'private network' },
  { base: [198, 18, 0, 0], prefix: 15, reason: 'benchmarking' },
  { base: [198, 51, 100, 0], prefix: 24, reason: 'documentation' },
  { base: [203, 0, 113, 0], prefix: 24, reason: 'documentation' },
  { base: [224, 0, 0, 0], prefix: 4, reason: 'multicast' },
  { base: [240, 0, 0, 0], prefix: 4, reason: 'reserved (and broadcast)' },
];

function ipv4Number(bytes: readonly number[]): number {
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}

export function classifyIpv4(bytes: readonly number[]): AddressVerdict {
  const value = ipv4Number(bytes);
  for (const range of IPV4_BLOCKED) {
    const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
    if ((value & mask) >>> 0 === (ipv4Number(range.base) & mask) >>> 0) return { allowed: false, reason: range.reason };
  }
  return { allowed: true, reason: 'public' };
}

function startsWith(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 1) {
    const byte = Math.floor(bit / 8);
    const mask = 0x80 >> bit % 8;
    if (((bytes[byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

const embeddedVerdict = (label: string, bytes: readonly number[]): AddressVerdict => {
  const verdict = classifyIpv4(bytes);
  return verdict.allowed ? verdict : { allowed: false, reason: `${verdict.reason} (${label})` };
};

export function classifyIpv6(bytes: readonly number[]): AddressVerdict {
  const zeros = (count: number): boolean => bytes.slice(0, count).every((byte) => byte === 0);
  if (zeros(16)) return { allowed: false, reason: 'unspecified' };
  if (zeros(15) && bytes[15] === 1) return { allowed: false, reason: 'loopback' };
  if (zeros(10) && bytes[10] === 0xff && bytes[11] === 0xff) return embeddedVerdict('IPv4-mapped IPv6', bytes.slice(12));
  if (zeros(8) && bytes[8] === 0xff && bytes[9] === 0xff && bytes[10] === 0 && bytes[11] === 0) return embeddedVerdict('IPv4-translated IPv6', bytes.slice(12));
  if (zeros(12)) return { allowed: false, reason: 'IPv4-compatible IPv6 (deprecated)' };
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return embeddedVerdict('NAT64', bytes.slice(12));
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return { allowed: false, reason: 'local-use NAT64' };
  if (startsWith(bytes, [0x01, 0x00, 0, 0, 0, 0, 0, 0], 64)) return { allowed: false, reason: 'discard-only' };
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8], 32)) return { allowed: false, reason: 'documentation' };
  if (startsWith(bytes, [0x20, 0x01, 0x00, 0x00], 32)) return { allowed: false, reason: 'Teredo tunnel' };
  if (startsWith(bytes, [0x20, 0x02], 16)) return embeddedVerdict('6to4', bytes.slice(2, 6));
  if (startsWith(bytes, [0xfc], 7)) return { allowed: false, reason: 'unique local (private network)' };
  if (startsWith(bytes, [0xfe, 0x80], 10)) return { allowed: false, reason: 'link-local' };
  if (startsWith(bytes, [0xfe, 0xc0], 10)) return { allowed: false, reason: 'site-local' };
  if (startsWith(bytes, [0xff], 8)) return { allowed: false, reason: 'multicast' };
  if (!startsWith(bytes, [0x20], 3)) return { allowed: false, reason: 'not global unicast' };
  return { allowed: true, reason: 'public' };
}

/** The verdict for an IP literal in any form; undefined when `host` is a name, not an address. */
export function classifyAddress(host: string): AddressVerdict | undefined {
  const ipv6 = parseIpv6(host);
  if (ipv6 !== undefined) return classifyIpv6(ipv6);
  if (host.includes(':') || host.startsWith('[')) return { allowed: false, reason: 'malformed IPv6 literal' };
  const ipv4 = parseIpv4(host);
  if (ipv4 !== undefined) return classifyIpv4(ipv4);
  // Names whose last label is numeric are not valid host names; treat them as failed literals.
  if (/^[0-9a-fx.]+$/i.test(host) && /(^|\.)(0x[0-9a-f]*|\d+)\.?$/i.test(host)) return { allowed: false, reason: 'malformed IPv4 literal' };
  return undefined;
}
