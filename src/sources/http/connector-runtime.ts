import { SourceHttpClient } from './http-client.js';
import type { FetchFunction, HttpPolicy } from './http-client.js';
import { processRateLimiter } from './rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

/** What every connector is built with: how to reach the network and how fast it may. */
export interface ConnectorRuntime {
  /** `globalThis.fetch` in production; tests inject one that serves recorded responses. */
  fetch: FetchFunction;
  /**
   * The limiter of an upstream; defaults to one spacing limiter per upstream for the process.
   * Distributed mode passes `distributedSourceLimiters`, which shares published limits (SEC)
   * across processes.
   */
  limiterFor?: (upstream: string, requestsPerSecond: number) => RateLimiter;
  /** Overrides every connector's per-attempt timeout (configuration `sources.timeoutMs`). */
  timeoutMs?: number;
  /** Sent as User-Agent by connectors whose upstream asks for a contact (Wikipedia, feeds). */
  userAgent?: string;
}

/** Default policy of each connector: timeouts, retries, backoff, size, cache TTL and rate. */
export interface ConnectorPolicy extends Omit<HttpPolicy, 'source'> {
  requestsPerSecond: number;
  /** Connectors sharing an upstream share its limiter. */
  upstream: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MEBIBYTE = 1024 * 1024;

export const CONNECTOR_POLICIES = {
  // SEC: 10 requests/s for the whole client; 8 leaves room for clock jitter. Filings never change.
  'sec-edgar': { upstream: 'sec.gov', requestsPerSecond: 8, timeoutMs: 30_000, maxAttempts: 4, initialBackoffMs: 1_000, maxBackoffMs: 10_000, maxRetryAfterMs: 60_000, maxBodyBytes: 96 * MEBIBYTE, cacheTtlMs: 12 * HOUR },
  'market-data': { upstream: 'finance.yahoo.com', requestsPerSecond: 2, timeoutMs: 10_000, maxAttempts: 3, initialBackoffMs: 500, maxBackoffMs: 5_000, maxRetryAfterMs: 20_000, maxBodyBytes: 8 * MEBIBYTE, cacheTtlMs: 15 * MINUTE },
  wikipedia: { upstream: 'wikipedia.org', requestsPerSecond: 5, timeoutMs: 10_000, maxAttempts: 3, initialBackoffMs: 500, maxBackoffMs: 4_000, maxRetryAfterMs: 20_000, maxBodyBytes: 4 * MEBIBYTE, cacheTtlMs: 24 * HOUR },
  'web-search': { upstream: 'web-search', requestsPerSecond: 2, timeoutMs: 20_000, maxAttempts: 2, initialBackoffMs: 1_000, maxBackoffMs: 4_000, maxRetryAfterMs: 20_000, maxBodyBytes: 4 * MEBIBYTE, cacheTtlMs: 6 * HOUR },
  news: { upstream: 'news', requestsPerSecond: 2, timeoutMs: 10_000, maxAttempts: 3, initialBackoffMs: 500, maxBackoffMs: 4_000, maxRetryAfterMs: 20_000, maxBodyBytes: 8 * MEBIBYTE, cacheTtlMs: 30 * MINUTE },
  // Google Trends answers 429 readily: one request every two seconds, long backoff, a day of cache.
  trends: { upstream: 'trends.google.com', requestsPerSecond: 0.5, timeoutMs: 15_000, maxAttempts: 3, initialBackoffMs: 5_000, maxBackoffMs: 60_000, maxRetryAfterMs: 120_000, maxBodyBytes: 4 * MEBIBYTE, cacheTtlMs: 24 * HOUR },
} as const satisfies Record<string, ConnectorPolicy>;

export type ConnectorName = keyof typeof CONNECTOR_POLICIES;

export const DEFAULT_USER_AGENT = 'ConsultantOS/0.1 (strategy research engine; +https://github.com/consultantos)';

/** An HTTP client for one connector, with its policy (and any overrides) and its upstream's limiter. */
export function connectorClient(name: ConnectorName, runtime: ConnectorRuntime, overrides: Partial<ConnectorPolicy> = {}): SourceHttpClient {
  const policy: ConnectorPolicy = { ...CONNECTOR_POLICIES[name], ...overrides };
  if (runtime.timeoutMs !== undefined && overrides.timeoutMs === undefined) policy.timeoutMs = runtime.timeoutMs;
  const limiter = (runtime.limiterFor ?? processRateLimiter)(policy.upstream, policy.requestsPerSecond);
  const headers = { 'user-agent': runtime.userAgent ?? DEFAULT_USER_AGENT, ...policy.headers };
  return new SourceHttpClient({
    policy: { ...policy, source: name, headers },
    fetch: runtime.fetch,
    limiter,
  });
}
