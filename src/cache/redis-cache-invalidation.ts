import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisChannelSubscriber } from '../events/redis-subscriber.js';
import type { CacheInvalidation } from './tiered-cache.js';

/**
 * Cache-change announcements over Redis pub/sub on `<prefix>cache:invalidate`. Each process
 * tags its messages with a random origin and ignores its own, so a write does not evict the
 * value it just put in its own memory tier.
 */
export function redisCacheInvalidation(options: { publisher: Redis; subscriber: RedisChannelSubscriber; prefix: string }): CacheInvalidation {
  const origin = randomUUID();
  const channel = `${options.prefix}cache:invalidate`;
  return {
    async publish(key) {
      await options.publisher.publish(channel, JSON.stringify({ origin, key }));
    },
    subscribe(onKey) {
      return options.subscriber.subscribe(channel, (message) => {
        let parsed: { origin?: unknown; key?: unknown };
        try {
          parsed = JSON.parse(message) as { origin?: unknown; key?: unknown };
        } catch {
          return;
        }
        if (parsed.origin !== origin && typeof parsed.key === 'string') onKey(parsed.key);
      });
    },
  };
}
