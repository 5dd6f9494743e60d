import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantError } from '../../core/errors.js';
import { pinnedTransport } from './pinned-transport.js';
import type { PinnedRequest, Transport, TransportResponse } from './pinned-transport.js';
import { safeFetch } from './safe-fetch.js';
import type { SafeFetchOptions } from './safe-fetch.js';
import { checkUrl, UrlRefusedError } from './url-guard.js';
import type { Resolver } from './url-guard.js';

const PUBLIC = '93.184.216.34';

/** DNS as the test says: unknown names do not resolve. */
function resolverOf(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = table[hostname];
    if (addresses === undefined) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A transport that records where it was asked to connect and answers per URL. */
function transportOf(answers: Record<string, FakeResponse>): Transport & { requests: PinnedRequest[] } {
  const requests: PinnedRequest[] = [];
  const transport = (async (request: PinnedRequest): Promise<TransportResponse> => {
    requests.push(request);
    const answer = answers[request.url.toString()] ?? { status: 404 };
    const bytes = new TextEncoder().encode(answer.body ?? '');
    return {
      status: answer.status ?? 200,
      headers: answer.headers ?? {},
      body: (async function* () {
        for (let offset = 0; offset < bytes.length; offset += 1024) yield bytes.slice(offset, offset + 1024);
      })(),
      close: () => undefined,
    };
  }) as Transport & { requests: PinnedRequest[] };
  transport.requests = requests;
  return transport;
}

function options(overrides: Partial<SafeFetchOptions> = {}): SafeFetchOptions {
  return {
    signal: new AbortController().signal,
    allowedContentTypes: ['text/html', 'text/plain', 'application/pdf'],
    maxBytes: 10_000,
    timeoutMs: 2_000,
    resolver: resolverOf({ 'docs.example.com': [PUBLIC] }),
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<ConsultantError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConsultantError);
  return error as ConsultantError;
}

describe('checkUrl (no network)', () => {
  it.each([
    ['file:///etc/passwd', /file scheme is not allowed/],
    ['gopher://example.com/', /gopher scheme/],
    ['ftp://example.com/a.pdf', /ftp scheme/],
    ['data:text/html,<script>', /data scheme/],
    ['javascript:alert(1)', /javascript scheme/],
    ['http://user:secret@example.com/', /credentials/],
    ['http://localhost:8080/', /local or metadata host/],
    ['http://intranet.localhost/', /local or metadata host/],
    ['http://metadata.google.internal/computeMetadata/v1/', /local or metadata host/],
    ['http://127.0.0.1/', /loopback/],
    ['http://2130706433/', /loopback/],
    ['http://0x7f.1/', /loopback/],
    ['http://017700000001/', /loopback/],
    ['http://[::1]:9000/', /loopback/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://[fd00:ec2::254]/', /unique local/],
    ['http://10.1.2.3/', /private network/],
    ['http://0/', /unspecified/],
    ['not a url', /not a valid absolute URL/],
  ])('refuses %s', (url, reason) => {
    expect(() => checkUrl(url)).toThrow(UrlRefusedError);
    expect(() => checkUrl(url)).toThrow(reason);
  });

  it('accepts public http(s) URLs and never echoes credentials', () => {
    expect(checkUrl('https://docs.example.com/report.pdf').hostname).toBe('docs.example.com');
    try {
      checkUrl('http://user:secret@example.com/');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});

describe('safeFetch', () => {
  it('fetches a public document, connecting to the checked address', async () => {
    const transport = transportOf({ 'https://docs.example.com/a.html': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>hello</p>' } });
    const fetched = await safeFetch('https://docs.example.com/a.html', options({ transport }));
    expect(new TextDecoder().decode(fetched.bytes)).toBe('<p>hello</p>');
    expect(fetched.contentType).toBe('text/html');
    expect(transport.requests[0]?.address).toEqual({ address: PUBLIC, family: 4 });
  });

  it('refuses a name that resolves into private space, without connecting', async () => {
    const transport = transportOf({});
    for (const [name, addresses] of Object.entries({ 'evil.example.com': ['10.0.0.5'], 'rebind.example.com': [PUBLIC, '127.0.0.1'], 'meta.example.com': ['169.254.169.254'], 'v6.example.com': ['::ffff:192.168.0.1'], 'ula.example.com': ['fd12::1'] })) {
      const error = await refusal(safeFetch(`http://${name}/`, options({ transport, resolver: resolverOf({ [name]: addresses }) })));
      expect(error).toBeInstanceOf(UrlRefusedError);
      expect(error.message).toMatch(new RegExp(`${name} resolves to`));
    }
    expect(transport.requests).toHaveLength(0);
  });

  it('re-checks every redirect: into a metadata address, a private name, or a non-http scheme', async () => {
    const cases: [string, RegExp][] = [
      ['http://169.254.169.254/latest/meta-data/iam/', /cloud metadata/],
      ['http://internal.example.com/admin', /resolves to 10\.0\.0\.9/],
      ['file:///etc/passwd', /file scheme/],
      ['http://[::1]/', /loopback/],
    ];
    for (const [target, reason] of cases) {
      const transport = transportOf({ 'https://docs.example.com/start': { status: 302, headers: { location: target } } });
      const error = await refusal(safeFetch('https://docs.example.com/start', options({ transport, resolver: resolverOf({ 'docs.example.com': [PUBLIC], 'internal.example.com': ['10.0.0.9'] }) })));
      expect(error.message).toMatch(reason);
      expect(transport.requests).toHaveLength(1);
    }
  });

  it('follows relative redirects between public hosts, and stops a redirect loop', async () => {
    const transport = transportOf({
      'https://docs.example.com/old': { status: 301, headers: { location: '/new' } },
      'https://docs.example.com/new': { headers: { 'content-type': 'text/plain' }, body: 'moved here' },
      'https://docs.example.com/loop': { status: 302, headers: { location: '/loop' } },
    });
    const fetched = await safeFetch('https://docs.example.com/old', options({ transport }));
    expect(fetched.url).toBe('https://docs.example.com/new');
    expect(fetched.redirects).toEqual(['https://docs.example.com/new']);
    expect((await refusal(safeFetch('https://docs.example.com/loop', options({ transport })))).message).toMatch(/more than 5 redirects/);
  });

  it('refuses oversized bodies, declared or streamed', async () => {
    const big = 'x'.repeat(20_000);
    const transport = transportOf({
      'https://docs.example.com/declared': { headers: { 'content-type': 'text/plain', 'content-length': '20000' }, body: big },
      'https://docs.example.com/streamed': { headers: { 'content-type': 'text/plain' }, body: big },
    });
    expect((await refusal(safeFetch('https://docs.example.com/declared', options({ transport })))).message).toMatch(/20000 bytes, over the 10000-byte limit/);
    expect((await refusal(safeFetch('https://docs.example.com/streamed', options({ transport })))).message).toMatch(/over the 10000-byte limit/);
  });

  it('refuses content types it does not read, and untyped bodies without a known extension', async () => {
    const transport = transportOf({
      'https://docs.example.com/setup.exe': { headers: { 'content-type': 'application/x-msdownload' }, body: 'MZ' },
      'https://docs.example.com/blob': { headers: { 'content-type': 'application/octet-stream' }, body: 'x' },
      'https://docs.example.com/report.pdf': { headers: { 'content-type': 'application/octet-stream' }, body: '%PDF' },
    });
    expect((await refusal(safeFetch('https://docs.example.com/setup.exe', options({ transport })))).message).toMatch(/content type application\/x-msdownload is not accepted/);
    expect((await refusal(safeFetch('https://docs.example.com/blob', options({ transport, acceptUntyped: (url) => url.pathname.endsWith('.pdf') })))).message).toMatch(/not accepted/);
    const pdf = await safeFetch('https://docs.example.com/report.pdf', options({ transport, acceptUntyped: (url) => url.pathname.endsWith('.pdf') }));
    expect(pdf.bytes.byteLength).toBe(4);
  });

  it('gives up after its time limit', async () => {
    const hanging: Transport = (request) => new Promise((_resolve, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    const error = await refusal(safeFetch('https://docs.example.com/slow', options({ transport: hanging, timeoutMs: 100 })));
    expect(error.code).toBe('SOURCE_FAILED');
    expect(error.message).toMatch(/did not answer within 100 ms/);
  });
});

describe('pinnedTransport', () => {
  let server: ReturnType<typeof createServer>;
  let port = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`host header: ${request.headers.host}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('connects to the pinned address whatever the name would resolve to, keeping the Host header', async () => {
    // `.invalid` never resolves: the answer can only come through the pinned address.
    const url = new URL(`http://docs.example.invalid:${port}/file.txt`);
    const response = await pinnedTransport({ url, address: { address: '127.0.0.1', family: 4 }, headers: {}, signal: new AbortController().signal });
    let text = '';
    for await (const chunk of response.body) text += Buffer.from(chunk).toString('utf8');
    expect(response.status).toBe(200);
    expect(text).toBe(`host header: docs.example.invalid:${port}`);
  });
});
