import { describe, expect, it } from 'vitest';
import { ConsultantError } from '../core/errors.js';
import { parseModelChain, parseModelId } from './model-id.js';
import { budgetScopesOf } from './model-services.js';
import { ProviderRegistry, withoutCredentials } from './providers.js';

describe('model ids and chains', () => {
  it('splits provider:model, keeping colons of the model name', () => {
    expect(parseModelId('ollama:llama3.1:8b')).toEqual({ id: 'ollama:llama3.1:8b', provider: 'ollama', name: 'llama3.1:8b' });
    expect(() => parseModelId('gpt-4o')).toThrow(ConsultantError);
    expect(() => parseModelId('mistral:large')).toThrow(/Unknown model provider "mistral"/);
    expect(parseModelChain(' openai:gpt-4o-mini , anthropic:claude-3-5-haiku-latest,openai:gpt-4o-mini,').map((model) => model.id)).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest']);
    expect(parseModelChain(undefined)).toEqual([]);
  });
});

describe('provider registry', () => {
  const registry = new ProviderRegistry({
    openai: { apiKey: 'k' },
    anthropic: { apiKey: 'k' },
    google: { apiKey: 'k', baseUrl: 'https://user:secret@proxy.example/v1beta' },
    openaiCompatible: { baseUrl: 'http://127.0.0.1:9/v1', structuredOutputs: false },
  });

  it('builds every provider through the AI SDK, one circuit scope per endpoint, without credentials in it', async () => {
    const openai = await registry.resolve('openai:gpt-4o-mini');
    expect(openai.model).toMatchObject({ provider: 'openai.chat', modelId: 'gpt-4o-mini' });
    expect(openai.providerKey).toBe('openai@https://api.openai.com/v1');
    expect((await registry.resolve('anthropic:claude-3-5-haiku-latest')).model).toMatchObject({ provider: 'anthropic.messages' });
    const google = await registry.resolve('google:gemini-2.0-flash');
    expect(google.model).toMatchObject({ modelId: 'gemini-2.0-flash' });
    expect(google.providerKey).toBe('google@https://proxy.example/v1beta');
    expect((await registry.resolve('ollama:llama3.1:8b')).model).toMatchObject({ provider: 'ollama.chat', modelId: 'llama3.1:8b' });
  });

  it('asks each provider for JSON the best way it supports, then degrades', () => {
    expect(registry.describe('openai:gpt-4o').outputModes).toEqual(['native', 'json', 'prompt']);
    expect(registry.describe('anthropic:claude-sonnet-4-0').outputModes).toEqual(['native', 'prompt']);
    expect(registry.describe('openai-compatible:qwen2.5-7b').outputModes).toEqual(['json', 'prompt']);
    expect(new ProviderRegistry({ structuredOutput: 'prompt' }).describe('ollama:x').outputModes).toEqual(['prompt']);
    expect(registry.describe('openai:gpt-4o').providerOptions).toEqual({ openai: { strictJsonSchema: false } });
  });

  it('marks models it cannot call, and refuses them as configured tiers at start', () => {
    const bare = new ProviderRegistry({});
    expect(bare.describe('openai:gpt-4o').unavailable).toBe('OPENAI_API_KEY is not set');
    expect(bare.describe('google:gemini-2.0-flash').unavailable).toBe('GOOGLE_GENERATIVE_AI_API_KEY is not set');
    expect(bare.describe('openai-compatible:x').unavailable).toBe('CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL is not set');
    expect(bare.describe('ollama:x').unavailable).toBeUndefined();
    expect(() => bare.requireUsable('anthropic:claude-3-5-haiku-latest', 'CONSULTANTOS_MODEL_FAST')).toThrow(/CONSULTANTOS_MODEL_FAST names anthropic:claude-3-5-haiku-latest, but ANTHROPIC_API_KEY is not set/);
    expect(withoutCredentials('http://a:b@host:1/v1/')).toBe('http://host:1/v1');
  });
});

describe('budget scopes', () => {
  const clock = { now: () => new Date('2025-03-14T10:00:00Z') };
  const budgets = { runMaxTokens: 50_000, runMaxCostUsd: undefined, tenantMonthlyMaxTokens: undefined, tenantMonthlyMaxCostUsd: 100, warnFraction: 0.8, reservationTtlMs: 600_000 };

  it('caps the run by the tighter of config and request, and the tenant by calendar month', () => {
    expect(budgetScopesOf(budgets, { runId: 'run_1', tenantId: 't', budget: { maxTokens: 80_000, maxCostUsd: 2 } }, clock)).toEqual([
      { key: 'run:run_1', limits: { maxTokens: 50_000, maxCostUsd: 2 } },
      { key: 'tenant:t:2025-03', limits: { maxCostUsd: 100 } },
    ]);
    expect(budgetScopesOf({ ...budgets, tenantMonthlyMaxCostUsd: undefined }, { runId: 'run_2' }, clock)).toEqual([{ key: 'run:run_2', limits: { maxTokens: 50_000 } }]);
    // The tenant scope is charged without any cap too, so monthly spend is always counted.
    expect(budgetScopesOf({ ...budgets, tenantMonthlyMaxCostUsd: undefined }, { tenantId: 't' }, clock)).toEqual([{ key: 'tenant:t:2025-03', limits: {} }]);
    // The tenant's tier caps apply with the configured ones, the tighter of each winning.
    expect(budgetScopesOf(budgets, { tenantId: 't' }, clock, { key: 'tenant:t:2025-03', limits: { maxTokens: 2_000_000, maxCostUsd: 500 } })).toEqual([
      { key: 'tenant:t:2025-03', limits: { maxTokens: 2_000_000, maxCostUsd: 100 } },
    ]);
  });
});
