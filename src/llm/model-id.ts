import { ConsultantError } from '../core/errors.js';

export const MODEL_PROVIDERS = ['openai', 'anthropic', 'google', 'ollama', 'openai-compatible'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

export const MODEL_TIERS = ['fast', 'strong'] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

export interface ModelId {
  /** `provider:model` as configured. */
  id: string;
  provider: ModelProvider;
  /** The model's name at the provider (`gpt-4o-mini`, `llama3.1:8b`). */
  name: string;
}

/** Splits `provider:model`; the model part may itself contain colons (`ollama:llama3.1:8b`). */
export function parseModelId(id: string): ModelId {
  const trimmed = id.trim();
  const index = trimmed.indexOf(':');
  if (index <= 0 || index === trimmed.length - 1) {
    throw new ConsultantError('INVALID_CONFIG', `Model id "${trimmed.slice(0, 100)}" must look like provider:model (e.g. openai:gpt-4o-mini, ollama:llama3.1:8b)`);
  }
  const provider = trimmed.slice(0, index);
  if (!(MODEL_PROVIDERS as readonly string[]).includes(provider)) {
    throw new ConsultantError('INVALID_CONFIG', `Unknown model provider "${provider.slice(0, 40)}" in ${trimmed.slice(0, 100)}; supported: ${MODEL_PROVIDERS.join(', ')}`);
  }
  return { id: trimmed, provider: provider as ModelProvider, name: trimmed.slice(index + 1) };
}

/**
 * A tier's fallback chain, written `openai:gpt-4o-mini,anthropic:claude-3-5-haiku-latest`:
 * the first model is tried first, the next one when it fails. Duplicates are dropped.
 */
export function parseModelChain(text: string | readonly string[] | undefined): ModelId[] {
  if (text === undefined) return [];
  const parts = typeof text === 'string' ? text.split(',') : text;
  const seen = new Set<string>();
  const chain: ModelId[] = [];
  for (const part of parts) {
    if (part.trim() === '') continue;
    const parsed = parseModelId(part);
    if (seen.has(parsed.id)) continue;
    seen.add(parsed.id);
    chain.push(parsed);
  }
  return chain;
}
