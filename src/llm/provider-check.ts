import { type ModelProvider, parseModelChain } from './model-id.js';
import { type ProviderSettings, KEY_VARIABLES, apiKeyOf, endpointOf, withoutCredentials } from './providers.js';

/** What `doctor` says about one configured provider endpoint. Never carries a secret. */
export interface ProviderCheck {
  provider: ModelProvider;
  /** Base URL with any credentials removed. */
  endpoint: string;
  /** `set`, `not set`, or `not needed` (local servers). */
  key: 'set' | 'not set' | 'not needed';
  keyVariable?: string;
  reachable: boolean;
  /** HTTP status of the model listing, when there was one. */
  status?: number;
  error?: string;
  /** Configured models of this provider and whether the listing has them (`unknown` when it could not say). */
  models: Record<string, 'present' | 'missing' | 'unknown'>;
  latencyMs?: number;
}

export interface ProviderCheckOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function listingRequest(provider: ModelProvider, endpoint: string, key: string | undefined): { url: string; headers: Record<string, string> } {
  const base = endpoint.replace(/\/+$/, '');
  // Keys travel in headers only, never in the query string (they end up in logs there).
  if (provider === 'anthropic') return { url: `${base}/models?limit=1000`, headers: { ...(key ? { 'x-api-key': key } : {}), 'anthropic-version': '2023-06-01' } };
  if (provider === 'google') return { url: `${base}/models?pageSize=1000`, headers: key ? { 'x-goog-api-key': key } : {} };
  return { url: `${base}/models`, headers: key ? { authorization: `Bearer ${key}` } : {} };
}

function listedModels(provider: ModelProvider, body: unknown): string[] {
  if (provider === 'google') {
    const models = (body as { models?: { name?: string }[] }).models ?? [];
    return models.flatMap((model) => (typeof model.name === 'string' ? [model.name.replace(/^models\//, '')] : []));
  }
  const data = (body as { data?: { id?: string }[] }).data ?? [];
  return data.flatMap((model) => (typeof model.id === 'string' ? [model.id] : []));
}

/** Replaces every occurrence of a secret in text (an upstream error may echo part of a request). */
function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

async function checkOne(provider: ModelProvider, names: string[], settings: ProviderSettings, options: ProviderCheckOptions): Promise<ProviderCheck> {
  const endpoint = endpointOf(provider, settings);
  const key = apiKeyOf(provider, settings);
  const needsKey = provider === 'openai' || provider === 'anthropic' || provider === 'google';
  const variable = KEY_VARIABLES[provider];
  const check: ProviderCheck = {
    provider,
    endpoint: endpoint ? withoutCredentials(endpoint) : 'not set (CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL)',
    key: key ? 'set' : needsKey ? 'not set' : 'not needed',
    ...(variable ? { keyVariable: variable } : {}),
    reachable: false,
    models: Object.fromEntries(names.map((name) => [name, 'unknown' as const])),
  };
  if (!endpoint) return { ...check, error: 'no base URL configured' };
  const request = listingRequest(provider, endpoint, key);
  const started = performance.now();
  try {
    const response = await (options.fetch ?? fetch)(request.url, { headers: request.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
    check.latencyMs = Math.round(performance.now() - started);
    check.status = response.status;
    check.reachable = true;
    if (!response.ok) {
      check.error = scrub(`HTTP ${response.status}${response.status === 401 || response.status === 403 ? ' (the key was refused)' : ''}`, key);
      return check;
    }
    const listed = new Set(listedModels(provider, await response.json()));
    for (const name of names) {
      // Aliases (`-latest`) are served but not always listed.
      check.models[name] = listed.has(name) ? 'present' : name.endsWith('-latest') ? 'unknown' : 'missing';
    }
  } catch (error) {
    check.error = scrub((error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? 5_000} ms` : (error as Error).message, key).slice(0, 300);
  }
  return check;
}

/** Checks every provider named by the tiers (and a configured OpenAI-compatible server): reachable, models listed, key set. */
export async function checkProviders(tiers: { fast?: string; strong?: string }, settings: ProviderSettings, options: ProviderCheckOptions = {}): Promise<ProviderCheck[]> {
  const byProvider = new Map<ModelProvider, string[]>();
  for (const model of [...parseModelChain(tiers.fast), ...parseModelChain(tiers.strong)]) {
    const names = byProvider.get(model.provider) ?? [];
    if (!names.includes(model.name)) names.push(model.name);
    byProvider.set(model.provider, names);
  }
  if (settings.openaiCompatible?.baseUrl && !byProvider.has('openai-compatible')) byProvider.set('openai-compatible', []);
  return Promise.all([...byProvider].map(([provider, names]) => checkOne(provider, names, settings, options)));
}

/** Healthy: reachable, answered the listing, key present where needed, no configured model missing. */
export function isHealthy(check: ProviderCheck): boolean {
  return check.reachable && check.error === undefined && check.key !== 'not set' && !Object.values(check.models).includes('missing');
}
