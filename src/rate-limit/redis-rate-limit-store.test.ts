import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';

describe('RedisRateLimitStore without a server', () => {
  it('sends the script itself when Redis does not know it yet (first use, restart, SCRIPT FLUSH)', async () => {
    const calls: string[] = [];
    const client = {
      evalsha: async () => {
        calls.push('evalsha');
        throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      },
      eval: async (_script: string, keys: number, key: string) => {
        calls.push(`eval ${keys} ${key}`);
        return [1, '1', '500'];
      },
    } as unknown as Redis;
    const decision = await new RedisRateLimitStore(client, { prefix: 'p:' }).consume('k', 1, 3, 1000);
    expect(calls).toEqual(['evalsha', 'eval 1 p:ratelimit:k']);
    expect(decision).toEqual({ allowed: true, limit: 3, remaining: 2, resetMs: 500 });
  });

  it('passes other errors through and refuses a window shorter than a millisecond', async () => {
    const client = {
      evalsha: async () => {
        throw new Error('READONLY You can\'t write against a read only replica.');
      },
    } as unknown as Redis;
    const store = new RedisRateLimitStore(client, { prefix: 'p:' });
    await expect(store.consume('k', 1, 3, 1000)).rejects.toThrow(/READONLY/);
    await expect(store.consume('k', 1, 3, 0)).rejects.toThrow(RangeError);
  });
});
