import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/server.js';
import { closeRedis, connectRedis } from '../../src/distributed/redis-clients.js';
import { RedisRateLimitStore } from '../../src/rate-limit/redis-rate-limit-store.js';
import { redisUrl, uniqueName } from '../support/integration-services.js';
import { type SecurityHarness, securityHarness } from './security-harness.js';

const count = (responses: LightMyRequestResponse[], status: number) => responses.filter((response) => response.statusCode === status).length;

/** Redis aligns windows on its own clock; start a burst well inside a minute so it never straddles two windows. */
async function awayFromMinuteBoundary(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

/**
 * Limits and quotas counted in Redis, with two API servers over one database — two "processes",
 * each with its own Redis connection — serving one tenant's concurrent clients: together they
 * must admit exactly the limit.
 */
describe.skipIf(!redisUrl)('rate limits and quotas across API processes, counted in Redis', () => {
  const prefix = `${uniqueName('security', import.meta.url)}:`;
  const clients: Array<Awaited<ReturnType<typeof connectRedis>>> = [];
  let harness: SecurityHarness;
  let other: FastifyInstance;

  const store = async (name: string) => {
    const client = await connectRedis({ url: redisUrl!, name });
    clients.push(client);
    return new RedisRateLimitStore(client, { prefix });
  };

  beforeAll(async () => {
    const overrides = { 'security.tiers.free.requestsPerMinute': 12, 'security.tiers.free.tenantRequestsPerMinute': 1_000, 'security.tiers.free.analysesPerDay': 4 };
    harness = await securityHarness({ worker: false, overrides, limits: await store('security-a') });
    other = await buildApiServer({ ...harness.app, security: { ...harness.app.security, limits: await store('security-b') } });
    await harness.app.security.identities.updateTenant('rival', { tier: 'free' });
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await harness?.dispose();
    await Promise.all(clients.map((client) => closeRedis(client)));
  });

  const via = (index: number, key: string, request: { method?: 'GET' | 'POST'; url: string; payload?: object }) =>
    (index % 2 === 0 ? harness.server : other).inject({ ...request, headers: { authorization: `Bearer ${key}` } });

  it('two processes admit exactly one key\'s limit between them', async () => {
    await awayFromMinuteBoundary();
    const key = harness.tenants.rival.members.viewer.key;
    const responses = await Promise.all(Array.from({ length: 30 }, (_, index) => via(index, key, { url: '/v1/runs' })));
    expect(count(responses, 200)).toBe(12);
    expect(count(responses, 429)).toBe(18);
  });

  it('concurrent submissions through both processes never pass the daily analyses quota', async () => {
    const key = harness.tenants.rival.members.analyst.key;
    const responses = await Promise.all(Array.from({ length: 12 }, (_, index) => via(index, key, { method: 'POST', url: '/v1/analyses', payload: { company: `Redis quota ${index}`, depth: 'quick' } })));
    expect(count(responses, 202)).toBe(4);
    expect(count(responses, 429)).toBe(8);
    expect(responses.find((response) => response.statusCode === 429)!.json()).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect((await harness.app.stores.runs.listRuns('rival', { limit: 50 })).items).toHaveLength(4);
  });

  it('sends RateLimit headers and Retry-After from the Redis counters', async () => {
    await awayFromMinuteBoundary();
    const key = harness.tenants.rival.members.owner.key;
    const responses: LightMyRequestResponse[] = [];
    for (let index = 0; index < 13; index += 1) responses.push(await via(index, key, { url: '/v1/runs' }));
    expect(responses[0]!.headers['ratelimit-limit']).toBe('12');
    expect(responses[11]!.headers['ratelimit-remaining']).toBe('0');
    expect(responses[12]!.statusCode).toBe(429);
    expect(Number(responses[12]!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
