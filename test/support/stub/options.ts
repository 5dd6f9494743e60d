/**
 * Options of the stub model server and the fault vocabulary shared by the server, its
 * command line and the tests that force a fault through the `x-stub-fault` header.
 */

/** Every fault the stub can inject, in the fixed order used to draw from a fault mix. */
export const faultNames = [
  'http500',
  'http429',
  'timeout',
  'malformedJson',
  'schemaInvalid',
  'inventedIds',
  'thinkPreamble',
] as const;

export type FaultName = (typeof faultNames)[number];

/** Probability per fault for one request; the probabilities must sum to at most 1. */
export type FaultMix = Partial<Record<FaultName, number>>;

export interface StubBehaviourOptions {
  /** Fixed delay before any answer to a POST request (chat completions, embeddings). */
  latencyMs?: number;
  /** Delay between streamed chunks, to make streaming observable in tests and benchmarks. */
  streamChunkDelayMs?: number;
  /** Model ids served by `/v1/chat/completions` and listed by `/v1/models`. */
  models?: readonly string[];
  /** Seeds the fault draws and the generated content so that a run can be replayed. */
  seed?: number;
  faults?: FaultMix;
  /**
   * Faults injected, in order, into the next POST requests before the random mix applies again.
   * Lets a test script "fail twice, then succeed" without relying on probabilities.
   */
  scriptedFaults?: readonly FaultName[];
  /** Value of the `Retry-After` header sent with an injected 429. */
  retryAfterSeconds?: number;
  /** Length of embedding vectors when the request does not ask for `dimensions`. */
  embeddingDimensions?: number;
  /**
   * Share of each chat prompt reported as read from the provider's prompt cache
   * (`prompt_tokens_details.cached_tokens`), so cached-token pricing can be tested end to end.
   */
  cachedPromptFraction?: number;
  /**
   * `response_format` types the server refuses with HTTP 400, as llama.cpp builds or older vLLM
   * do for `json_schema`; lets a client's fallback to JSON mode or prompt-only be tested.
   */
  unsupportedResponseFormats?: readonly ('json_schema' | 'json_object')[];
}

export interface StubServerOptions extends StubBehaviourOptions {
  /** Interface to bind; loopback by default so a test never exposes the stub. */
  host?: string;
  /** 0 picks a free port, which keeps parallel test files from colliding. */
  port?: number;
}

export interface ResolvedBehaviour {
  latencyMs: number;
  streamChunkDelayMs: number;
  models: readonly string[];
  seed: number;
  faults: FaultMix;
  retryAfterSeconds: number;
  embeddingDimensions: number;
  cachedPromptFraction: number;
  unsupportedResponseFormats: readonly ('json_schema' | 'json_object')[];
}

export const defaultBehaviour: ResolvedBehaviour = {
  latencyMs: 0,
  streamChunkDelayMs: 0,
  models: ['stub-fast', 'stub-strong'],
  seed: 1,
  faults: {},
  retryAfterSeconds: 1,
  embeddingDimensions: 64,
  cachedPromptFraction: 0,
  unsupportedResponseFormats: [],
};

/** Applies the defined fields of `patch` over `base`, validating them so a typo fails loudly. */
export function mergeBehaviour(base: ResolvedBehaviour, patch: StubBehaviourOptions): ResolvedBehaviour {
  const merged: ResolvedBehaviour = {
    latencyMs: patch.latencyMs ?? base.latencyMs,
    streamChunkDelayMs: patch.streamChunkDelayMs ?? base.streamChunkDelayMs,
    models: patch.models ?? base.models,
    seed: patch.seed ?? base.seed,
    faults: patch.faults ?? base.faults,
    retryAfterSeconds: patch.retryAfterSeconds ?? base.retryAfterSeconds,
    embeddingDimensions: patch.embeddingDimensions ?? base.embeddingDimensions,
    cachedPromptFraction: patch.cachedPromptFraction ?? base.cachedPromptFraction,
    unsupportedResponseFormats: patch.unsupportedResponseFormats ?? base.unsupportedResponseFormats,
  };
  assertNonNegative('latencyMs', merged.latencyMs);
  assertNonNegative('streamChunkDelayMs', merged.streamChunkDelayMs);
  assertNonNegative('retryAfterSeconds', merged.retryAfterSeconds);
  if (!Number.isFinite(merged.cachedPromptFraction) || merged.cachedPromptFraction < 0 || merged.cachedPromptFraction > 1) {
    throw new RangeError(`cachedPromptFraction must be within [0, 1], got ${merged.cachedPromptFraction}`);
  }
  if (!Number.isInteger(merged.embeddingDimensions) || merged.embeddingDimensions < 1) {
    throw new RangeError(`embeddingDimensions must be a positive integer, got ${merged.embeddingDimensions}`);
  }
  if (merged.models.length === 0) throw new RangeError('models must list at least one model id');
  validateFaultMix(merged.faults);
  return merged;
}

function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

export function validateFaultMix(mix: FaultMix): void {
  let sum = 0;
  for (const [name, probability] of Object.entries(mix)) {
    if (!(faultNames as readonly string[]).includes(name)) throw new RangeError(`unknown fault "${name}"`);
    if (probability === undefined) continue;
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new RangeError(`fault probability for ${name} must be within [0, 1], got ${probability}`);
    }
    sum += probability;
  }
  // A small tolerance keeps mixes such as 0.7 + 0.2 + 0.1 from failing on float rounding.
  if (sum > 1 + 1e-9) throw new RangeError(`fault probabilities sum to ${sum}, which exceeds 1`);
}

const faultAliases: Readonly<Record<string, FaultName>> = {
  '500': 'http500',
  '429': 'http429',
  malformed: 'malformedJson',
  'malformed-json': 'malformedJson',
  'schema-invalid': 'schemaInvalid',
  'invented-ids': 'inventedIds',
  think: 'thinkPreamble',
  'think-preamble': 'thinkPreamble',
};

/**
 * Reads a fault name as written on a command line or in a header. `none` means "no fault"
 * and returns null; anything unknown throws, because a silently ignored typo would make a
 * fault test pass without injecting anything.
 */
export function parseFaultName(text: string): FaultName | null {
  const trimmed = text.trim();
  if (trimmed === 'none') return null;
  const canonical = faultNames.find((name) => name.toLowerCase() === trimmed.toLowerCase());
  const resolved = canonical ?? faultAliases[trimmed.toLowerCase()];
  if (resolved === undefined) {
    throw new RangeError(`unknown fault "${text}"; expected one of ${[...faultNames, ...Object.keys(faultAliases), 'none'].join(', ')}`);
  }
  return resolved;
}

/** Parses `500:0.3,429:0.1,timeout:0.05,malformed:0.05` into a fault mix. */
export function parseFaultMix(text: string): FaultMix {
  const mix: FaultMix = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const separator = entry.lastIndexOf(':');
    if (separator <= 0) throw new RangeError(`fault entry "${entry}" must look like name:probability`);
    const name = parseFaultName(entry.slice(0, separator));
    const probability = Number(entry.slice(separator + 1));
    if (name === null) continue;
    mix[name] = (mix[name] ?? 0) + probability;
  }
  validateFaultMix(mix);
  return mix;
}
