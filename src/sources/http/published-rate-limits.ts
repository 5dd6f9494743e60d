/** A limit an upstream publishes for a client as a whole: every process of a deployment together. */
export interface PublishedRateLimit {
  /** Request starts in any one second, as the upstream counts them. */
  requestsPerSecond: number;
  /** Where the upstream says so. */
  reference: string;
}

/** Published limits by upstream (the `upstream` of `CONNECTOR_POLICIES`). */
export const PUBLISHED_RATE_LIMITS: ReadonlyMap<string, PublishedRateLimit> = new Map([
  // "no more than 10 requests per second, regardless of the number of machines used".
  ['sec.gov', { requestsPerSecond: 10, reference: 'https://www.sec.gov/os/accessing-edgar-data' }],
]);

/**
 * How late a request may start after the shared store admitted it (the store's reply, event-loop
 * delay, differences in how long requests take to reach the upstream) with the published limit
 * still kept. Admissions whose round trip alone takes longer are dropped (`maxRoundTripMs`).
 */
export const ADMISSION_SKEW_ALLOWANCE_MS = 100;

/**
 * The window of a limiter that admits one request per fixed window on a shared clock, chosen so
 * no sliding second holds more than `requestsPerSecond` request starts even when each start lags
 * its admission by anywhere from 0 to `skewAllowanceMs`.
 *
 * Why not N per 1 s window: fixed windows let N pass at the end of one window and N more at the
 * start of the next, 2N in a few milliseconds. With one request per window of W ms, k admissions
 * lie in k distinct windows, so the first and last are more than (k − 2)·W apart on the store's
 * clock and, after lags, more than (k − 2)·W − skew apart at the upstream. Forbidding k = L + 1
 * in one second needs (L − 1)·W − skew ≥ 1000, so W = ⌈(1000 + skew) / (L − 1)⌉. For SEC
 * (L = 10, skew 100 ms) that is 123 ms: at most 8.1 requests per second sustained, 9 in any
 * second on the store's clock, and never more than 10 as SEC sees them.
 */
export function sharedWindowMs(requestsPerSecond: number, skewAllowanceMs: number = ADMISSION_SKEW_ALLOWANCE_MS): number {
  if (!(requestsPerSecond >= 2)) throw new RangeError(`A shared per-second limit needs at least 2 requests per second (got ${requestsPerSecond})`);
  return Math.ceil((1000 + skewAllowanceMs) / (requestsPerSecond - 1));
}
