/** Counters the stub keeps so tests and benchmarks can check what the client really did. */
import type { FaultName } from './options.js';

export interface StubTokenCounts {
  prompt: number;
  completion: number;
  total: number;
  /** Prompt tokens reported as served from the provider's prompt cache (a subset of `prompt`). */
  cached: number;
}

export interface StubStats {
  totalRequests: number;
  /** Requests per URL path, e.g. `/v1/chat/completions`. */
  requestsByPath: Record<string, number>;
  /** Faults actually injected (a fault that does not apply to a request is not counted). */
  faultsInjected: Partial<Record<FaultName, number>>;
  /** Chat and embedding requests per requested model id. */
  requestsByModel: Record<string, number>;
  /** Requests the client abandoned before the stub finished answering. */
  clientAborts: number;
  /** Tokens reported in `usage` of answers that were delivered. */
  tokens: StubTokenCounts;
  /**
   * Chat requests per logical call, keyed by the `x-consultantos-call-id` header the model gateway
   * sends with every upstream attempt: the bound on attempts per call is checked here, at the wire.
   */
  requestsByCallId: Record<string, number>;
}

function increment<Key extends string>(counts: Partial<Record<Key, number>>, key: Key): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class StatsCollector {
  private stats: StubStats = StatsCollector.empty();

  private static empty(): StubStats {
    return {
      totalRequests: 0,
      requestsByPath: {},
      faultsInjected: {},
      requestsByModel: {},
      clientAborts: 0,
      tokens: { prompt: 0, completion: 0, total: 0, cached: 0 },
      requestsByCallId: {},
    };
  }

  recordRequest(path: string): void {
    this.stats.totalRequests += 1;
    increment(this.stats.requestsByPath, path);
  }

  recordModel(model: string): void {
    increment(this.stats.requestsByModel, model);
  }

  recordFault(fault: FaultName): void {
    increment(this.stats.faultsInjected, fault);
  }

  recordClientAbort(): void {
    this.stats.clientAborts += 1;
  }

  recordCallId(callId: string): void {
    increment(this.stats.requestsByCallId, callId);
  }

  recordTokens(prompt: number, completion: number, cached = 0): void {
    this.stats.tokens.prompt += prompt;
    this.stats.tokens.completion += completion;
    this.stats.tokens.total += prompt + completion;
    this.stats.tokens.cached += cached;
  }

  /** A copy, so a caller holding it sees a fixed picture while requests continue. */
  snapshot(): StubStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = StatsCollector.empty();
  }
}
