import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../rate-limit/redis-rate-limit-store.js';
import { createEvidenceSources } from '../sources/evidence-sources.js';
import type { SourceContext } from '../sources/source.js';
import { fakeNetwork, json } from '../../test/fixtures/sources/recorded-fetch.js';
import { busiestWindow } from '../../test/fixtures/sources/windows.js';
import { redisUrl, uniqueName } from '../../test/support/integration-services.js';
import { closeRedis, connectRedis } from './redis-clients.js';
import { distributedSourceLimiters, sharedSourceKey } from './source-rate-limiters.js';

const context = (): SourceContext => ({ signal: new AbortController().signal, now: () => new Date('2025-08-02T00:00:00Z') });
const submissions = (url: string) => {
  const cik = /CIK(\d{10})/.exec(url)?.[1] ?? '0';
  return json({ cik, name: `Company ${cik}`, filings: { recent: { accessionNumber: [], filingDate: [], form: [], primaryDocument: [] } } });
};

describe.skipIf(!redisUrl)('SEC requests shared across processes through Redis', () => {
  const prefix = `${uniqueName('sources', import.meta.url)}:`;
  let clients: Redis[] = [];

  beforeAll(async () => {
    // One command connection per simulated process, as each worker process opens its own.
    clients = await Promise.all(['a', 'b'].map((name) => connectRedis({ url: redisUrl!, name: `source-limits-${name}`, commandTimeoutMs: 5_000 })));
  });

  afterAll(async () => {
    if (clients[0]) await clients[0].del(`${prefix}ratelimit:${sharedSourceKey('sec.gov')}`);
    await Promise.all(clients.map((client) => closeRedis(client)));
  });

  it('keeps a burst of 100 lookups from two processes, each allowed 10 per second, at or under 10 in any second', async () => {
    // Each process wired as distributed mode wires it, at SEC's highest configurable rate.
    const processes = clients.map((client) => {
      const network = fakeNetwork([{ match: /submissions/, answer: submissions }]);
      const limiterFor = distributedSourceLimiters(new RedisRateLimitStore(client, { prefix }));
      const sources = createEvidenceSources({ offline: false, secUserAgent: 'ConsultantOS tests tests@example.com', secRequestsPerSecond: 10 }, { fetch: network.fetch, limiterFor });
      return { network, sources };
    });
    const ciks = Array.from({ length: 100 }, (_, index) => String(2_000 + index).padStart(10, '0'));
    const started = performance.now();
    const results = await Promise.all(ciks.map((cik, index) => processes[index % 2]!.sources.sec.submissions(cik, context())));
    const elapsedMs = performance.now() - started;

    expect(results.map((result) => result.cik)).toEqual(ciks);
    const calls = processes.flatMap((process) => process.network.calls);
    expect(calls).toHaveLength(100);
    expect(processes.map((process) => process.network.calls.length)).toEqual([50, 50]);
    expect(busiestWindow(calls.map((call) => call.at))).toBeLessThanOrEqual(10);
    // Alone, each process would have finished in 5 s; together they share one ~8/s budget.
    expect(elapsedMs).toBeGreaterThan(10_000);
  }, 30_000);

  it('lets a waiting lookup be cancelled', async () => {
    const network = fakeNetwork([{ match: /submissions/, answer: submissions }]);
    const limiterFor = distributedSourceLimiters(new RedisRateLimitStore(clients[0]!, { prefix: `${prefix}cancel:` }));
    const sources = createEvidenceSources({ offline: false, secUserAgent: 'ConsultantOS tests tests@example.com' }, { fetch: network.fetch, limiterFor });
    await sources.sec.submissions('1', context());
    const controller = new AbortController();
    const waiting = sources.sec.submissions('2', { signal: controller.signal, now: () => new Date() });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(network.calls).toHaveLength(1);
    await clients[0]!.del(`${prefix}cancel:ratelimit:${sharedSourceKey('sec.gov')}`);
  });
});
