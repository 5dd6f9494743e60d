import { describe, expect, it } from 'vitest';
import { defineRateLimitStoreContract } from '../../test/contracts/rate-limit-store.contract.js';
import { redisUrl, uniqueName } from '../../test/support/integration-services.js';
import { closeRedis, connectRedis } from '../distributed/redis-clients.js';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';

const prefix = () => `${uniqueName('ratelimit', import.meta.url)}:`;

describe.skipIf(!redisUrl)('Redis rate-limit store', () => {
  defineRateLimitStoreContract('redis', async () => {
    const client = await connectRedis({ url: redisUrl!, name: 'rate-limit-contract' });
    return { store: new RedisRateLimitStore(client, { prefix: prefix() }), close: () => closeRedis(client) };
  });

  it('never lets two processes (separate connections) pass the limit together', async () => {
    const shared = prefix();
    const clients = await Promise.all([connectRedis({ url: redisUrl!, name: 'rate-limit-a' }), connectRedis({ url: redisUrl!, name: 'rate-limit-b' })]);
    try {
      const [a, b] = clients.map((client) => new RedisRateLimitStore(client, { prefix: shared })) as [RedisRateLimitStore, RedisRateLimitStore];
      const decisions = await Promise.all(Array.from({ length: 120 }, (_, index) => (index % 2 === 0 ? a : b).consume('tenant:t1:api', 1, 45, 60_000)));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(45);
      const remaining = decisions.filter((decision) => decision.allowed).map((decision) => decision.remaining).sort((x, y) => x - y);
      expect(remaining).toEqual(Array.from({ length: 45 }, (_, index) => index));
      expect((await b.consume('tenant:t1:api', 1, 45, 60_000)).allowed).toBe(false);
      expect((await a.consume('tenant:t2:api', 1, 45, 60_000)).allowed).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => closeRedis(client)));
    }
  });

  it('counts fractional costs exactly and expires the key with its window', async () => {
    const client = await connectRedis({ url: redisUrl!, name: 'rate-limit-fractions' });
    try {
      const keyPrefix = prefix();
      const store = new RedisRateLimitStore(client, { prefix: keyPrefix });
      expect(await store.consume('tokens', 0.5, 2, 60_000)).toMatchObject({ allowed: true, remaining: 1.5 });
      expect(await store.consume('tokens', 1.25, 2, 60_000)).toMatchObject({ allowed: true, remaining: 0.25 });
      expect(await store.consume('tokens', 0.5, 2, 60_000)).toMatchObject({ allowed: false, remaining: 0.25 });
      const ttl = await client.pttl(`${keyPrefix}ratelimit:tokens`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await closeRedis(client);
    }
  });
});
