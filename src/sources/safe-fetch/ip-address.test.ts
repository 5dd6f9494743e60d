import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, parseIpv4, parseIpv6 } from './ip-address.js';

describe('classifyAddress: IPv4 in every encoding', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['017700000001', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0x7F.0.0.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.1', 'loopback'],
    ['127.000.000.001', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['0', 'unspecified'],
    ['0.0.0.0', 'unspecified'],
    ['169.254.169.254', 'cloud metadata'],
    ['0xa9fea9fe', 'cloud metadata'],
    ['2852039166', 'cloud metadata'],
    ['0251.0376.0251.0376', 'cloud metadata'],
    ['169.254.10.1', 'link-local'],
    ['10.0.0.1', 'private network'],
    ['012.0.0.1', 'private network'],
    ['172.16.5.4', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.1.1', 'private network'],
    ['0xc0a80101', 'private network'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['192.0.0.192', 'IETF protocol assignments'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('refuses %s (%s)', (host, reason) => {
    const verdict = classifyAddress(host);
    expect(verdict?.allowed).toBe(false);
    expect(verdict?.reason).toContain(reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '0x08080808'])('allows the public address %s', (host) => {
    expect(classifyAddress(host)).toEqual({ allowed: true, reason: 'public' });
  });

  it('refuses numeric hosts that are not valid addresses rather than treating them as names', () => {
    expect(classifyAddress('256.0.0.1')?.allowed).toBe(false);
    expect(classifyAddress('0x1.0x100000000')?.allowed).toBe(false);
    expect(classifyAddress('example.com')).toBeUndefined();
    expect(classifyAddress('10.example.com')).toBeUndefined();
  });

  it('decodes any inet_aton spelling of a private address to the same bytes (property)', () => {
    const privateAddress = fc.oneof(
      fc.tuple(fc.constant(10), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
      fc.tuple(fc.constant(127), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
      fc.tuple(fc.constant(192), fc.constant(168), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
      fc.tuple(fc.constant(169), fc.constant(254), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
    );
    const spell = (value: number, style: number): string => (style === 0 ? String(value) : style === 1 ? `0x${value.toString(16)}` : `0${value.toString(8)}`);
    fc.assert(
      fc.property(privateAddress, fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), (bytes, parts, styles) => {
        const [a, b, c, d] = bytes;
        const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
        const groups = parts === 1 ? [value] : parts === 2 ? [a, value & 0xffffff] : parts === 3 ? [a, b, (c << 8) | d] : [a, b, c, d];
        const host = groups.map((group, index) => spell(group, styles[index] ?? 0)).join('.');
        expect(parseIpv4(host)).toEqual(bytes);
        expect(classifyAddress(host)?.allowed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('classifyAddress: IPv6', () => {
  it.each([
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:169.254.169.254]', 'cloud metadata'],
    ['::ffff:a9fe:a9fe', 'cloud metadata'],
    ['0:0:0:0:0:ffff:a00:1', 'private network'],
    ['::ffff:0:10.0.0.1', 'private network'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['2002:7f00:1::', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['100::1', 'discard'],
  ])('refuses %s (%s)', (host, reason) => {
    const verdict = classifyAddress(host);
    expect(verdict?.allowed).toBe(false);
    expect(verdict?.reason).toContain(reason);
  });

  it('allows global unicast and refuses zone ids and malformed literals', () => {
    expect(classifyAddress('2606:4700:4700::1111')?.allowed).toBe(true);
    expect(classifyAddress('[2a00:1450:4001:80b::200e]')?.allowed).toBe(true);
    expect(classifyAddress('fe80::1%25eth0')?.allowed).toBe(false);
    expect(classifyAddress('1::2::3')?.allowed).toBe(false);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
  });
});
