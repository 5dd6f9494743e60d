import { createHash } from 'node:crypto';
import { handleWhen, retry } from 'cockatiel';
import { z } from 'zod';
import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import { CancelledError, ConsultantError, isRetryable } from '../../core/errors.js';
import type { JsonValue } from '../../core/json.js';
import type { Cache } from '../../core/ports/cache.js';
import { badResponseError, cancelled, networkError, parseRetryAfter, statusError, timeoutError, tooLargeError } from './http-errors.js';
import type { RateLimiter } from './rate-limiter.js';

/** The slice of `fetch` connectors use; tests inject their own, so no test touches the network. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** How one connector talks to its upstream. */
export interface HttpPolicy {
  /** Connector name: error messages, cache keys. */
  source: string;
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails as rate limited. */
  maxRetryAfterMs: number;
  maxBodyBytes: number;
  /** Default time to live of cached responses; 0 disables caching. */
  cacheTtlMs: number;
  /** Sent with every request (User-Agent, Accept...). */
  headers?: Record<string, string>;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Overrides the policy's time to live for this request; 0 disables caching. */
  cacheTtlMs?: number;
  /** Accepted content types (prefixes, lower case); another type is a bad response. */
  accept?: readonly string[];
  /** The run's cache (from `SourceContext`); falls back to the client's own. */
  cache?: Cache;
  /** Replaces the URL in the cache key when the URL carries a session value (a crumb). */
  cacheKey?: string;
}

export interface HttpResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  contentType: string;
  text: string;
  /** Whether the response came from the cache (no request was made). */
  fromCache: boolean;
}

export interface HttpClientOptions {
  policy: HttpPolicy;
  fetch: FetchFunction;
  limiter: RateLimiter;
  cache?: Cache;
}

interface CachedResponse {
  url: string;
  status: number;
  contentType: string;
  text: string;
}

/**
 * The HTTP client every connector shares: rate limit, per-attempt timeout, retries with
 * exponential backoff (honouring `Retry-After`) through cockatiel, response size limit, typed
 * errors and a response cache through the `Cache` port. A cache hit makes no request at all,
 * and identical requests in flight at the same time are made once.
 */
export class SourceHttpClient {
  private readonly inFlight = new Map<string, Promise<HttpResponse>>();

  constructor(private readonly options: HttpClientOptions) {}

  get policy(): HttpPolicy {
    return this.options.policy;
  }

  /** Fetches text. Throws a `ConsultantError` describing the failure, or `CancelledError`. */
  async text(request: HttpRequest): Promise<HttpResponse> {
    if (request.signal.aborted) throw cancelled(this.policy.source, request.signal.reason);
    const key = cacheKey(this.policy.source, request);
    const cache = request.cache ?? this.options.cache;
    const ttlMs = request.cacheTtlMs ?? this.policy.cacheTtlMs;
    if (cache !== undefined && ttlMs > 0) {
      const hit = await readCache(cache, key);
      if (hit !== undefined) return { ...hit, fromCache: true };
    }
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      try {
        return await pending;
      } catch (error) {
        // The first caller was cancelled; this one was not, so it asks for itself.
        if (!(error instanceof CancelledError) || request.signal.aborted) throw error;
      }
    }
    const work = this.fetchWithRetries(request);
    this.inFlight.set(key, work);
    try {
      const response = await work;
      if (cache !== undefined && ttlMs > 0) await writeCache(cache, key, response, ttlMs);
      return response;
    } finally {
      if (this.inFlight.get(key) === work) this.inFlight.delete(key);
    }
  }

  /** Fetches and parses JSON; `parse` validates the shape (a Zod schema's `parse`). */
  async json<T>(request: HttpRequest, parse: (value: unknown) => T): Promise<T> {
    const response = await this.text({ accept: ['application/json', 'text/javascript', 'text/plain'], ...request });
    return parseJsonBody(this.policy.source, response, parse);
  }

  private async fetchWithRetries(request: HttpRequest): Promise<HttpResponse> {
    const policy = this.policy;
    const shouldRetry = (error: Error): boolean => {
      if (request.signal.aborted || !isRetryable(error)) return false;
      const hinted = retryAfterOf(error);
      return hinted === undefined || hinted <= policy.maxRetryAfterMs;
    };
    const retryPolicy = retry(handleWhen(shouldRetry), {
      maxAttempts: Math.max(0, policy.maxAttempts - 1),
      backoff: retryAfterBackoff(policy.initialBackoffMs, policy.maxBackoffMs, 0),
    });
    try {
      return await retryPolicy.execute(() => this.attempt(request), request.signal);
    } catch (error) {
      if (request.signal.aborted && !(error instanceof CancelledError)) throw cancelled(policy.source, request.signal.reason);
      throw error;
    }
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse> {
    const policy = this.policy;
    await this.options.limiter.acquire(request.signal);
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    const failure = (error: unknown): Error => {
      if (error instanceof ConsultantError) return error;
      if (request.signal.aborted) return cancelled(policy.source, request.signal.reason);
      if (timeout.aborted) return timeoutError(policy.source, request.url, policy.timeoutMs, error);
      return networkError(policy.source, request.url, error);
    };
    let response: Response;
    try {
      const init: RequestInit = { method: request.method ?? 'GET', headers: { ...policy.headers, ...request.headers }, signal, redirect: 'follow' };
      if (request.body !== undefined) init.body = request.body;
      response = await this.options.fetch(request.url, init);
    } catch (error) {
      throw failure(error);
    }
    try {
      if (!response.ok) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        await response.body?.cancel().catch(() => undefined);
        throw statusError(policy.source, request.url, response.status, retryAfterMs);
      }
      const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
      if (request.accept !== undefined && contentType.length > 0 && !request.accept.some((type) => contentType.startsWith(type))) {
        await response.body?.cancel().catch(() => undefined);
        throw badResponseError(policy.source, request.url, `unexpected content type ${contentType.split(';')[0]}`);
      }
      const bytes = await readLimited(response, policy.maxBodyBytes, policy.source, request.url);
      return { url: response.url || request.url, status: response.status, contentType, text: decode(bytes, contentType), fromCache: false };
    } catch (error) {
      throw failure(error);
    }
  }
}

export function parseJsonBody<T>(source: string, response: HttpResponse, parse: (value: unknown) => T): T {
  let value: unknown;
  try {
    value = JSON.parse(response.text) as unknown;
  } catch (error) {
    throw badResponseError(source, response.url, 'the body is not JSON', error);
  }
  try {
    return parse(value);
  } catch (error) {
    const problem = error instanceof z.ZodError ? describeZodIssue(error) : error instanceof Error ? error.message.slice(0, 300) : String(error);
    throw badResponseError(source, response.url, `unexpected shape (${problem})`, error);
  }
}

function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.') || '(root)';
  return `${path}: ${issue.message}${error.issues.length > 1 ? ` and ${error.issues.length - 1} more` : ''}`;
}

/** Reads a body up to `maxBytes`, refusing (not truncating) a larger one. */
export async function readLimited(response: Response, maxBytes: number, source: string, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLargeError(source, url, maxBytes);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLargeError(source, url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** UTF-8 unless the content type names another charset the platform knows. */
export function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof ConsultantError)) return undefined;
  const value = error.details.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Exponential backoff with jitter; a `Retry-After` from the upstream replaces it, since the
 * upstream knows when it will take requests again.
 */
function retryAfterBackoff(initialMs: number, maxMs: number, attempt: number): IBackoffFactory<IRetryBackoffContext<unknown>> {
  return {
    next(context): IBackoff<IRetryBackoffContext<unknown>> {
      const exponential = Math.min(maxMs, initialMs * 2 ** attempt);
      const jittered = exponential / 2 + (Math.random() * exponential) / 2;
      const hinted = 'error' in context.result ? retryAfterOf(context.result.error) : undefined;
      const duration = hinted ?? jittered;
      const following = retryAfterBackoff(initialMs, maxMs, attempt + 1);
      return { duration, next: (nextContext) => following.next(nextContext) };
    },
  };
}

function cacheKey(source: string, request: HttpRequest): string {
  const method = request.method ?? 'GET';
  const body = request.body === undefined ? '' : `:${createHash('sha256').update(request.body).digest('hex').slice(0, 24)}`;
  return `source:${source}:${method}:${request.cacheKey ?? request.url}${body}`;
}

async function readCache(cache: Cache, key: string): Promise<CachedResponse | undefined> {
  try {
    const value = await cache.get(key);
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const { url, status, contentType, text } = value;
    if (typeof url !== 'string' || typeof status !== 'number' || typeof contentType !== 'string' || typeof text !== 'string') return undefined;
    return { url, status, contentType, text };
  } catch {
    // The cache is an optimisation: a broken cache must never fail a connector.
    return undefined;
  }
}

async function writeCache(cache: Cache, key: string, response: HttpResponse, ttlMs: number): Promise<void> {
  const value: JsonValue = { url: response.url, status: response.status, contentType: response.contentType, text: response.text };
  try {
    await cache.set(key, value, ttlMs);
  } catch {
    // See readCache: caching is best effort.
  }
}
