import { type ModelProvider, parseModelId } from './model-id.js';

/** USD per million tokens. Cached input is what a provider charges for prompt-cache reads. */
export interface ModelPrice {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  /** Defaults to the input price when the provider has no cache discount. */
  cachedInputPerMillionUsd?: number;
  /** Prompt-cache writes (Anthropic charges a premium); defaults to the input price. */
  cacheWritePerMillionUsd?: number;
}

/** Token counts of one call, split the way providers bill them. */
export interface BillableTokens {
  /** All input tokens, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * List prices of common models (USD per 1M tokens, as published by the vendors in 2025). Keys are
 * model-name prefixes per provider: `gpt-4o-mini` also prices `gpt-4o-mini-2024-07-18`. Override
 * or extend them in config (`models.prices`); local models (Ollama) cost nothing.
 */
export const DEFAULT_PRICES: Partial<Record<ModelProvider, Record<string, ModelPrice>>> = {
  openai: {
    'gpt-4o': { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10, cachedInputPerMillionUsd: 1.25 },
    'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6, cachedInputPerMillionUsd: 0.075 },
    'gpt-4.1': { inputPerMillionUsd: 2, outputPerMillionUsd: 8, cachedInputPerMillionUsd: 0.5 },
    'gpt-4.1-mini': { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6, cachedInputPerMillionUsd: 0.1 },
    'gpt-4.1-nano': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4, cachedInputPerMillionUsd: 0.025 },
    'gpt-5': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10, cachedInputPerMillionUsd: 0.125 },
    'gpt-5-mini': { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2, cachedInputPerMillionUsd: 0.025 },
    'gpt-5-nano': { inputPerMillionUsd: 0.05, outputPerMillionUsd: 0.4, cachedInputPerMillionUsd: 0.005 },
    o3: { inputPerMillionUsd: 2, outputPerMillionUsd: 8, cachedInputPerMillionUsd: 0.5 },
    'o3-mini': { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4, cachedInputPerMillionUsd: 0.55 },
    'o4-mini': { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4, cachedInputPerMillionUsd: 0.275 },
  },
  anthropic: {
    'claude-3-haiku': { inputPerMillionUsd: 0.25, outputPerMillionUsd: 1.25, cachedInputPerMillionUsd: 0.03, cacheWritePerMillionUsd: 0.3 },
    'claude-3-5-haiku': { inputPerMillionUsd: 0.8, outputPerMillionUsd: 4, cachedInputPerMillionUsd: 0.08, cacheWritePerMillionUsd: 1 },
    'claude-haiku-4-5': { inputPerMillionUsd: 1, outputPerMillionUsd: 5, cachedInputPerMillionUsd: 0.1, cacheWritePerMillionUsd: 1.25 },
    'claude-3-5-sonnet': { inputPerMillionUsd: 3, outputPerMillionUsd: 15, cachedInputPerMillionUsd: 0.3, cacheWritePerMillionUsd: 3.75 },
    'claude-3-7-sonnet': { inputPerMillionUsd: 3, outputPerMillionUsd: 15, cachedInputPerMillionUsd: 0.3, cacheWritePerMillionUsd: 3.75 },
    'claude-sonnet-4': { inputPerMillionUsd: 3, outputPerMillionUsd: 15, cachedInputPerMillionUsd: 0.3, cacheWritePerMillionUsd: 3.75 },
    'claude-opus-4': { inputPerMillionUsd: 15, outputPerMillionUsd: 75, cachedInputPerMillionUsd: 1.5, cacheWritePerMillionUsd: 18.75 },
  },
  google: {
    'gemini-1.5-flash': { inputPerMillionUsd: 0.075, outputPerMillionUsd: 0.3, cachedInputPerMillionUsd: 0.01875 },
    'gemini-1.5-pro': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 5, cachedInputPerMillionUsd: 0.3125 },
    'gemini-2.0-flash': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4, cachedInputPerMillionUsd: 0.025 },
    'gemini-2.0-flash-lite': { inputPerMillionUsd: 0.075, outputPerMillionUsd: 0.3 },
    'gemini-2.5-flash': { inputPerMillionUsd: 0.3, outputPerMillionUsd: 2.5, cachedInputPerMillionUsd: 0.075 },
    'gemini-2.5-flash-lite': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4, cachedInputPerMillionUsd: 0.025 },
    'gemini-2.5-pro': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10, cachedInputPerMillionUsd: 0.31 },
  },
};

const FREE: ModelPrice = { inputPerMillionUsd: 0, outputPerMillionUsd: 0 };

/** Whether `name` is `prefix` or a variant of it (`prefix-2024-07-18`, `prefix-latest`, `prefix@001`). */
function isVariant(name: string, prefix: string): boolean {
  return name === prefix || (name.startsWith(prefix) && /^[-@:.]/.test(name.slice(prefix.length)));
}

/** Prices per model: config overrides (exact `provider:model`) first, then the defaults by longest prefix. */
export class PriceTable {
  constructor(private readonly overrides: Readonly<Record<string, ModelPrice>> = {}) {}

  /** The price of a model, or undefined when nothing is known (its calls cost 0 and are flagged). */
  priceOf(modelId: string): ModelPrice | undefined {
    const exact = this.overrides[modelId];
    if (exact) return exact;
    const { provider, name } = parseModelId(modelId);
    if (provider === 'ollama') return FREE;
    const defaults = DEFAULT_PRICES[provider] ?? {};
    const prefixes = Object.keys(defaults).filter((prefix) => isVariant(name, prefix));
    const best = prefixes.sort((a, b) => b.length - a.length)[0];
    return best === undefined ? undefined : defaults[best];
  }

  costOf(modelId: string, tokens: BillableTokens): number {
    const price = this.priceOf(modelId);
    return price ? costWithPrice(price, tokens) : 0;
  }
}

/**
 * Cost of one call. Input tokens include cache reads and writes, which are billed at their own
 * rates; the rest at the input rate.
 */
export function costWithPrice(price: ModelPrice, tokens: BillableTokens): number {
  const cacheRead = Math.min(tokens.cacheReadTokens, tokens.inputTokens);
  const cacheWrite = Math.min(tokens.cacheWriteTokens, tokens.inputTokens - cacheRead);
  const uncached = tokens.inputTokens - cacheRead - cacheWrite;
  const micro =
    uncached * price.inputPerMillionUsd +
    cacheRead * (price.cachedInputPerMillionUsd ?? price.inputPerMillionUsd) +
    cacheWrite * (price.cacheWritePerMillionUsd ?? price.inputPerMillionUsd) +
    tokens.outputTokens * price.outputPerMillionUsd;
  return micro / 1_000_000;
}
