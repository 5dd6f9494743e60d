import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimitStore } from '../core/ports/rate-limit-store.js';

/**
 * Fixed windows aligned to multiples of `windowMs` on the Redis server's clock (every process
 * agrees on the window whatever its own clock says), as in `MemoryRateLimitStore`. One hash per
 * key holds the window start and what was used in it; a refused cost changes nothing. The key
 * expires when its window ends. Returns are strings so fractional costs survive (Lua integers
 * would truncate them).
 */
const CONSUME_SCRIPT = `
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local windowStart = now - (now % window)
local stored = redis.call('HMGET', KEYS[1], 'window', 'used')
local used = 0
if stored[1] and tonumber(stored[1]) == windowStart then used = tonumber(stored[2]) or 0 end
local allowed = 0
if used + cost <= limit then
  used = used + cost
  allowed = 1
  redis.call('HSET', KEYS[1], 'window', tostring(windowStart), 'used', tostring(used))
  redis.call('PEXPIREAT', KEYS[1], windowStart + window)
end
return { allowed, tostring(used), tostring(windowStart + window - now) }
`;
const CONSUME_SHA = createHash('sha1').update(CONSUME_SCRIPT).digest('hex');

/**
 * Rate-limit counters shared by every process through Redis. `consume` is one Lua script, so the
 * read-compare-increment is atomic on the server: concurrent clients on any number of
 * connections can never pass the limit together.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly client: Redis,
    private readonly options: { prefix: string },
  ) {}

  private redisKey(key: string): string {
    return `${this.options.prefix}ratelimit:${key}`;
  }

  async consume(key: string, cost: number, limit: number, windowMs: number): Promise<RateLimitDecision> {
    if (!(windowMs >= 1)) throw new RangeError(`windowMs must be at least 1 (got ${windowMs})`);
    const args = [this.redisKey(key), String(cost), String(limit), String(Math.floor(windowMs))];
    let reply: unknown;
    try {
      reply = await this.client.evalsha(CONSUME_SHA, 1, ...args);
    } catch (error) {
      // First use on this server (or after SCRIPT FLUSH / a restart): send the script itself.
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      reply = await this.client.eval(CONSUME_SCRIPT, 1, ...args);
    }
    const [allowed, used, resetMs] = reply as [number, string, string];
    return { allowed: allowed === 1, limit, remaining: Math.max(0, limit - Number(used)), resetMs: Number(resetMs) };
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.redisKey(key));
  }
}
