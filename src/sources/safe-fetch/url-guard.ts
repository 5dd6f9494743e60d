import { lookup } from 'node:dns/promises';
import { ConsultantError } from '../../core/errors.js';
import { classifyAddress } from './ip-address.js';

/** An address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution, injectable so tests can make any name resolve anywhere without DNS. */
export type Resolver = (hostname: string, signal?: AbortSignal) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const addresses = await lookup(hostname, { all: true, verbatim: true });
  return addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/** A URL the SSRF guard will not fetch. A user error: the URL itself is not acceptable. */
export class UrlRefusedError extends ConsultantError {
  constructor(url: string, reason: string) {
    super('INVALID_INPUT', `Refused to fetch ${describeUrl(url)}: ${reason}`, { details: { url: describeUrl(url), reason }, retryable: false });
    this.name = 'UrlRefusedError';
  }
}

/** Names that always mean "this machine" or a cloud metadata service, whatever DNS says. */
const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /^metadata$/, /^metadata\.google\.internal$/, /^metadata\.goog$/, /\.internal$/, /^instance-data(\.ec2\.internal)?$/];

/**
 * Checks what can be checked without the network: http(s) only, no credentials in the URL,
 * no blocked name, and an IP literal (in any encoding) must be public. Returns the parsed URL.
 */
export function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlRefusedError(raw, 'not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UrlRefusedError(raw, `the ${url.protocol.replace(/:$/, '')} scheme is not allowed (http and https only)`);
  if (url.username !== '' || url.password !== '') throw new UrlRefusedError(raw, 'credentials in URLs are not allowed');
  const host = url.hostname.toLowerCase();
  if (host.length === 0) throw new UrlRefusedError(raw, 'the URL has no host');
  const literal = classifyAddress(host);
  if (literal !== undefined && !literal.allowed) throw new UrlRefusedError(raw, `${host} is a ${literal.reason} address`);
  const bare = host.replace(/\.$/, '');
  if (literal === undefined && BLOCKED_NAMES.some((pattern) => pattern.test(bare))) throw new UrlRefusedError(raw, `${host} names a local or metadata host`);
  return url;
}

/**
 * Resolves the URL's host and returns the address to connect to. Every address the name
 * resolves to must be public: a name with one public and one private record is refused, since
 * the connection could otherwise be steered to the private one.
 */
export async function resolvePublicAddress(url: URL, resolver: Resolver, signal?: AbortSignal): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = classifyAddress(host);
  if (literal !== undefined) {
    if (!literal.allowed) throw new UrlRefusedError(url.toString(), `${host} is a ${literal.reason} address`);
    return { address: host, family: host.includes(':') ? 6 : 4 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolver(host, signal);
  } catch (error) {
    throw new ConsultantError('SOURCE_FAILED', `Cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`, { details: { url: describeUrl(url.toString()) }, cause: error, retryable: false });
  }
  if (addresses.length === 0) throw new UrlRefusedError(url.toString(), `${host} resolves to no address`);
  for (const entry of addresses) {
    const verdict = classifyAddress(entry.address);
    if (verdict === undefined || !verdict.allowed) {
      throw new UrlRefusedError(url.toString(), `${host} resolves to ${entry.address}, a ${verdict?.reason ?? 'unparseable'} address`);
    }
  }
  return addresses[0] as ResolvedAddress;
}

/** The URL without credentials or query, short enough for a message. */
export function describeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    url.search = url.search.length > 0 ? '?…' : '';
    return url.toString().slice(0, 300);
  } catch {
    return raw.slice(0, 300);
  }
}
