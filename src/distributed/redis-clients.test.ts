import { describe, expect, it } from 'vitest';
import type { Logger } from '../core/logger.js';
import { checkRedisServer, describeRedisUrl } from './redis-clients.js';

function recordingLogger() {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_object, message) => warnings.push(message ?? ''),
    error: () => undefined,
    child: () => logger,
  };
  return { logger, warnings };
}

const info = (policy: string) => `# Server\r\nredis_version:7.2.4\r\n# Memory\r\nmaxmemory_policy:${policy}\r\n`;

describe('Redis startup self-check', () => {
  it('is quiet when the eviction policy is noeviction', async () => {
    const { logger, warnings } = recordingLogger();
    const result = await checkRedisServer({ config: async () => ['maxmemory-policy', 'noeviction'], info: async () => info('noeviction') } as never, logger);
    expect(result).toEqual({ maxmemoryPolicy: 'noeviction', version: '7.2.4' });
    expect(warnings).toEqual([]);
  });

  it('warns when Redis may evict queued jobs', async () => {
    const { logger, warnings } = recordingLogger();
    const result = await checkRedisServer({ config: async () => ['maxmemory-policy', 'allkeys-lru'], info: async () => info('allkeys-lru') } as never, logger);
    expect(result.maxmemoryPolicy).toBe('allkeys-lru');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('noeviction');
  });

  it('falls back to INFO when CONFIG is disabled (managed Redis), and says so when both are', async () => {
    const { logger, warnings } = recordingLogger();
    const configDisabled = async () => {
      throw new Error("ERR unknown command 'CONFIG'");
    };
    expect((await checkRedisServer({ config: configDisabled, info: async () => info('volatile-lru') } as never, logger)).maxmemoryPolicy).toBe('volatile-lru');
    expect(warnings[0]).toContain('volatile-lru');
    const nothing = await checkRedisServer({ config: configDisabled, info: configDisabled } as never, logger);
    expect(nothing.maxmemoryPolicy).toBeUndefined();
    expect(warnings[1]).toContain('Could not read');
  });

  it('describes a server without its credentials', () => {
    expect(describeRedisUrl('redis://user:secret@cache.internal:6380/2')).toBe('cache.internal:6380/2');
    expect(describeRedisUrl('redis://:secret@127.0.0.1')).toBe('127.0.0.1:6379');
    expect(describeRedisUrl('not a url')).toBe('(unparseable URL)');
  });
});
