import { createHash } from 'node:crypto';
import type { JsonValue } from '../../core/json.js';
import type { Cache } from '../../core/ports/cache.js';

export interface CacheKeyParts {
  tenantId: string;
  /** The models the answer may come from, in order. */
  chain: readonly string[];
  system: string;
  prompt: string;
  schema: unknown;
  parameters: Record<string, unknown>;
}

export interface CachedAnswer {
  output: JsonValue;
  model: string;
}

const KEY_VERSION = 1;

/** Exact-match key: any change to model, messages, schema or sampling parameters is a miss. */
export function responseCacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([KEY_VERSION, parts.chain, parts.system, parts.prompt, parts.schema, parts.parameters]))
    .digest('hex');
  // Tenant-scoped even for exact matches: one tenant's answers never serve another.
  return `model-response:${parts.tenantId}:${hash}`;
}

/**
 * The exact response cache over the Cache port. Only validated answers are stored; a broken
 * cache never breaks a call (it is a miss).
 */
export class ResponseCache {
  constructor(
    private readonly cache: Cache,
    private readonly ttlMs: number,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    if (!this.enabled) return undefined;
    const value = await this.cache.get(key).catch(() => undefined);
    if (!value || typeof value !== 'object' || Array.isArray(value) || typeof value.model !== 'string' || !('output' in value)) return undefined;
    return { output: value.output ?? null, model: value.model };
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    if (!this.enabled) return;
    await this.cache.set(key, { output: answer.output, model: answer.model }, this.ttlMs).catch(() => undefined);
  }
}
