import type { LanguageModel } from 'ai';
import { ConsultantError } from '../core/errors.js';
import { type ModelId, type ModelProvider, parseModelId } from './model-id.js';

/** How a provider is asked for JSON: its own structured output, a JSON mode, or the prompt alone. */
export type OutputMode = 'native' | 'json' | 'prompt';
export type StructuredOutputSetting = 'auto' | OutputMode;

export interface ProviderEndpoint {
  apiKey?: string;
  baseUrl?: string;
}

/** Keys and endpoints, loaded by src/config from the conventional variables and passed down. */
export interface ProviderSettings {
  openai?: ProviderEndpoint;
  anthropic?: ProviderEndpoint;
  google?: ProviderEndpoint;
  ollama?: { baseUrl?: string };
  openaiCompatible?: ProviderEndpoint & { structuredOutputs?: boolean };
  /** Forces one strategy for every provider; `auto` picks the best each provider supports. */
  structuredOutput?: StructuredOutputSetting;
}

export type ProviderOptions = Record<string, Record<string, string | number | boolean | null>>;

/** Everything about a configured model except the SDK instance (cheap; no provider package loaded). */
export interface ModelDescription extends ModelId {
  /** Circuit, concurrency and rate-limit scope: one per provider endpoint. */
  providerKey: string;
  /** Strategies to try in order; a provider that rejects one (HTTP 400) gets the next. */
  outputModes: readonly OutputMode[];
  providerOptions: ProviderOptions;
  /** Why the model cannot be called (a missing key or base URL); the chain skips it. */
  unavailable?: string;
}

export interface ResolvedModel extends ModelDescription {
  model: LanguageModel;
}

export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1';

/** The variable a person sets for each provider's key, for messages and `doctor`. */
export const KEY_VARIABLES: Partial<Record<ModelProvider, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_GENERATIVE_AI_API_KEY',
  'openai-compatible': 'CONSULTANTOS_OPENAI_COMPATIBLE_API_KEY',
};

function ladder(provider: ModelProvider, settings: ProviderSettings): OutputMode[] {
  const forced = settings.structuredOutput ?? 'auto';
  // Anthropic has no bare JSON mode: after its native output, only the prompt is left.
  const all: OutputMode[] = provider === 'anthropic' ? ['native', 'prompt'] : ['native', 'json', 'prompt'];
  let start: OutputMode = 'native';
  if (forced !== 'auto') start = forced;
  else if (provider === 'openai-compatible' && settings.openaiCompatible?.structuredOutputs === false) start = 'json';
  const index = all.indexOf(start);
  return index === -1 ? ['prompt'] : all.slice(index);
}

/** Where requests for a provider go: the base URL when set, else the vendor's endpoint. */
export function endpointOf(provider: ModelProvider, settings: ProviderSettings): string | undefined {
  switch (provider) {
    case 'openai':
      return settings.openai?.baseUrl ?? 'https://api.openai.com/v1';
    case 'anthropic':
      return settings.anthropic?.baseUrl ?? 'https://api.anthropic.com/v1';
    case 'google':
      return settings.google?.baseUrl ?? 'https://generativelanguage.googleapis.com/v1beta';
    case 'ollama':
      return settings.ollama?.baseUrl ?? OLLAMA_DEFAULT_BASE_URL;
    case 'openai-compatible':
      return settings.openaiCompatible?.baseUrl;
  }
}

/** The key a provider needs, when it needs one (local servers usually do not). */
export function apiKeyOf(provider: ModelProvider, settings: ProviderSettings): string | undefined {
  if (provider === 'openai') return settings.openai?.apiKey;
  if (provider === 'anthropic') return settings.anthropic?.apiKey;
  if (provider === 'google') return settings.google?.apiKey;
  if (provider === 'openai-compatible') return settings.openaiCompatible?.apiKey;
  return undefined;
}

/** Drops `user:password@` from a URL so it can be printed. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

function unavailableReason(provider: ModelProvider, settings: ProviderSettings): string | undefined {
  if (provider === 'openai-compatible' && !settings.openaiCompatible?.baseUrl) return 'CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL is not set';
  const variable = KEY_VARIABLES[provider];
  if (provider !== 'openai-compatible' && variable && !apiKeyOf(provider, settings)) return `${variable} is not set`;
  return undefined;
}

/**
 * Builds AI SDK language models from `provider:model` ids. Models of one provider share one
 * provider instance. OpenAI goes through its Chat Completions API, which every OpenAI-compatible
 * server (and so the test stub) speaks as well; Ollama through its OpenAI-compatible `/v1`.
 * SDK-side key lookup from the environment is never relied on: keys come from `settings`.
 */
export class ProviderRegistry {
  private readonly factories = new Map<ModelProvider, Promise<(model: string) => LanguageModel>>();

  /** `prebuilt` models, by `provider:model` id, are used as given (the SDK's mock models in tests). */
  constructor(
    private readonly settings: ProviderSettings,
    private readonly prebuilt: Readonly<Record<string, LanguageModel>> = {},
  ) {}

  describe(id: string): ModelDescription {
    const parsed = parseModelId(id);
    const endpoint = endpointOf(parsed.provider, this.settings) ?? 'unset';
    const unavailable = this.prebuilt[parsed.id] ? undefined : unavailableReason(parsed.provider, this.settings);
    return {
      ...parsed,
      providerKey: `${parsed.provider}@${withoutCredentials(endpoint)}`,
      outputModes: ladder(parsed.provider, this.settings),
      providerOptions: providerOptionsOf(parsed.provider),
      ...(unavailable ? { unavailable } : {}),
    };
  }

  /** The model with its SDK instance; a provider's package is loaded the first time it is needed. */
  async resolve(id: string): Promise<ResolvedModel> {
    const description = this.describe(id);
    const model = this.prebuilt[description.id] ?? (await this.factory(description.provider))(description.name);
    return { ...description, model };
  }

  /** Requires the model to be callable: configured tiers fail at start, not mid-run. */
  requireUsable(id: string, variable: string): ModelDescription {
    const description = this.describe(id);
    if (description.unavailable) throw new ConsultantError('INVALID_CONFIG', `${variable} names ${description.id}, but ${description.unavailable}`, { details: { variable } });
    return description;
  }

  private factory(provider: ModelProvider): Promise<(model: string) => LanguageModel> {
    let factory = this.factories.get(provider);
    if (!factory) {
      factory = createFactory(provider, this.settings);
      this.factories.set(provider, factory);
    }
    return factory;
  }
}

function providerOptionsOf(provider: ModelProvider): ProviderOptions {
  // Strict JSON schema mode demands every property be required; our schemas have optional ones.
  if (provider === 'openai') return { openai: { strictJsonSchema: false } };
  if (provider === 'openai-compatible') return { openaiCompatible: { strictJsonSchema: false } };
  if (provider === 'ollama') return { ollama: { strictJsonSchema: false } };
  return {};
}

// A placeholder keeps the SDK from reading the environment itself; an unavailable model is never called.
const NO_KEY = 'not-set';

// Provider packages are imported on first use: most deployments use one or two providers, and
// every CLI command would otherwise pay for loading all of them at start.
async function createFactory(provider: ModelProvider, settings: ProviderSettings): Promise<(model: string) => LanguageModel> {
  switch (provider) {
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      const openai = createOpenAI({ apiKey: settings.openai?.apiKey ?? NO_KEY, ...(settings.openai?.baseUrl ? { baseURL: settings.openai.baseUrl } : {}) });
      return (model) => openai.chat(model);
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      const anthropic = createAnthropic({ apiKey: settings.anthropic?.apiKey ?? NO_KEY, ...(settings.anthropic?.baseUrl ? { baseURL: settings.anthropic.baseUrl } : {}) });
      return (model) => anthropic.languageModel(model);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      const google = createGoogleGenerativeAI({ apiKey: settings.google?.apiKey ?? NO_KEY, ...(settings.google?.baseUrl ? { baseURL: settings.google.baseUrl } : {}) });
      return (model) => google.languageModel(model);
    }
    case 'ollama': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      const ollama = createOpenAICompatible({ name: 'ollama', baseURL: settings.ollama?.baseUrl ?? OLLAMA_DEFAULT_BASE_URL, supportsStructuredOutputs: true, includeUsage: true });
      return (model) => ollama.chatModel(model);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      const compatible = createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: settings.openaiCompatible?.baseUrl ?? 'http://127.0.0.1:1/v1',
        ...(settings.openaiCompatible?.apiKey ? { apiKey: settings.openaiCompatible.apiKey } : {}),
        supportsStructuredOutputs: settings.openaiCompatible?.structuredOutputs ?? true,
        includeUsage: true,
      });
      return (model) => compatible.chatModel(model);
    }
  }
}
