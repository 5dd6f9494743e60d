import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { ResolvedAddress } from './url-guard.js';

export interface PinnedRequest {
  url: URL;
  /** The address checked by the guard; the connection goes there and nowhere else. */
  address: ResolvedAddress;
  headers: Record<string, string>;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection. */
  close(): void;
}

/** One HTTP exchange with no redirect following; injectable for tests. */
export type Transport = (request: PinnedRequest) => Promise<TransportResponse>;

/**
 * node:http(s) with the connection pinned to the checked address: the socket's `lookup`
 * answers with that address whatever the name resolves to now, so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot steer the request elsewhere.
 * TLS still verifies the certificate against the host name (SNI and `Host` stay the name).
 */
export const pinnedTransport: Transport = (request) =>
  new Promise<TransportResponse>((resolve, reject) => {
    const { url, address } = request;
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const lookup = (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void): void => {
      if (options.all) callback(null, [{ address: address.address, family: address.family } satisfies LookupAddress]);
      else callback(null, address.address, address.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request({
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { ...request.headers, host: url.host },
      lookup: lookup as never,
      signal: request.signal,
      agent: false,
      ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
    });
    outgoing.on('response', (incoming) => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      resolve({ status: incoming.statusCode ?? 0, headers, body: incoming, close: () => incoming.destroy() });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
