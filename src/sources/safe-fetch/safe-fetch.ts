import { CancelledError, ConsultantError } from '../../core/errors.js';
import { pinnedTransport } from './pinned-transport.js';
import type { Transport, TransportResponse } from './pinned-transport.js';
import { checkUrl, describeUrl, resolvePublicAddress, systemResolver, UrlRefusedError } from './url-guard.js';
import type { Resolver } from './url-guard.js';

export interface SafeFetchOptions {
  signal: AbortSignal;
  /** Content types accepted (base type, lower case). */
  allowedContentTypes: readonly string[];
  maxBytes: number;
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  maxRedirects?: number;
  userAgent?: string;
  resolver?: Resolver;
  transport?: Transport;
  /**
   * Content types that say nothing (`application/octet-stream`, none) are accepted only when
   * this returns true for the final URL (a known file extension).
   */
  acceptUntyped?: (url: URL) => boolean;
}

export interface FetchedResource {
  /** After redirects. */
  url: string;
  /** Base type, lower case (`text/html`). */
  contentType: string;
  bytes: Uint8Array;
  /** Every URL redirected through, in order. */
  redirects: string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a user-supplied URL without letting it reach the machine's own network: every hop
 * (the first URL and each redirect, followed by hand) is checked — http(s) only, the name
 * resolved and every address public — and the connection is pinned to the checked address.
 * Size, time and content type are limited. Refusals throw `UrlRefusedError` (INVALID_INPUT);
 * upstream failures throw SOURCE_FAILED; cancellation throws `CancelledError`.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<FetchedResource> {
  const resolver = options.resolver ?? systemResolver;
  const transport = options.transport ?? pinnedTransport;
  const maxRedirects = options.maxRedirects ?? 5;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  const redirects: string[] = [];
  let current = rawUrl;
  const fail = (error: unknown): Error => {
    if (error instanceof ConsultantError) return error;
    if (options.signal.aborted) return new CancelledError('Fetching the document was cancelled', { cause: error });
    if (deadline.aborted) return new ConsultantError('SOURCE_FAILED', `${describeUrl(rawUrl)} did not answer within ${options.timeoutMs} ms`, { details: { url: describeUrl(rawUrl) }, cause: error, retryable: false });
    return new ConsultantError('SOURCE_FAILED', `Cannot fetch ${describeUrl(current)}: ${error instanceof Error ? error.message : String(error)}`, { details: { url: describeUrl(current) }, cause: error, retryable: false });
  };

  for (;;) {
    if (options.signal.aborted) throw new CancelledError('Fetching the document was cancelled', { cause: options.signal.reason });
    const url = checkUrl(current);
    let response: TransportResponse;
    try {
      const address = await resolvePublicAddress(url, resolver, signal);
      response = await transport({ url, address, signal, headers: { 'user-agent': options.userAgent ?? 'ConsultantOS document fetcher', accept: options.allowedContentTypes.join(', ') } });
    } catch (error) {
      throw fail(error);
    }
    if (REDIRECT_STATUSES.has(response.status)) {
      response.close();
      const location = response.headers.location;
      if (location === undefined || location.length === 0) throw fail(new Error(`redirect (${response.status}) without a Location`));
      if (redirects.length >= maxRedirects) throw new UrlRefusedError(rawUrl, `more than ${maxRedirects} redirects`);
      let next: string;
      try {
        next = new URL(location, url).toString();
      } catch {
        throw new UrlRefusedError(current, `redirects to an invalid URL`);
      }
      redirects.push(next);
      current = next;
      continue;
    }
    try {
      if (response.status < 200 || response.status > 299) {
        throw new ConsultantError('SOURCE_FAILED', `${describeUrl(current)} answered HTTP ${response.status}`, { details: { url: describeUrl(current), status: response.status }, retryable: false });
      }
      const contentType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const untyped = contentType === '' || contentType === 'application/octet-stream' || contentType === 'binary/octet-stream';
      if (untyped ? !(options.acceptUntyped?.(url) ?? false) : !options.allowedContentTypes.includes(contentType)) {
        throw new UrlRefusedError(current, `content type ${contentType || '(none)'} is not accepted (accepted: ${options.allowedContentTypes.join(', ')})`);
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) throw new UrlRefusedError(current, `the document is ${declared} bytes, over the ${options.maxBytes}-byte limit`);
      const bytes = await readAtMost(response, options.maxBytes, current);
      return { url: current, contentType, bytes, redirects };
    } catch (error) {
      response.close();
      throw fail(error);
    }
  }
}

async function readAtMost(response: TransportResponse, maxBytes: number, url: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new UrlRefusedError(url, `the document is over the ${maxBytes}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
