import type { JSONSchema7, ModelMessage } from 'ai';
import { BrokenCircuitError, DelegateBackoff, TaskCancelledError, handleWhen, retry } from 'cockatiel';
import type { z } from 'zod';
import { newId } from '../../core/ids.js';
import type { JsonValue } from '../../core/json.js';
import { type Logger, silentLogger } from '../../core/logger.js';
import { abortReason } from '../../core/step-policy.js';
import type { TokenUsage } from '../../reports/model/report.js';
import { ZERO_USAGE, addUsage } from '../analyst.js';
import type { PriceTable } from '../prices.js';
import type { OutputMode, ProviderRegistry, ResolvedModel } from '../providers.js';
import { requestTokensOf, tokenUsageOf } from '../usage.js';
import type { BudgetGuard, BudgetScope, BudgetWarning } from './budget-guard.js';
import { GatewayFailure, InvalidOutputError, UpstreamLimitError } from './gateway-errors.js';
import type { ProviderGuards } from './provider-guards.js';
import type { ProviderRateLimiter } from './provider-rate-limiter.js';
import { type ResponseCache, responseCacheKey } from './response-cache.js';
import { jsonSchemaOf, repairMessages, schemaInstructions, validateAnswer } from './structured-output.js';
import { UpstreamFailure, classifyUpstreamError } from './upstream-failure.js';
import { sendUpstreamRequest } from './upstream-request.js';

export interface ModelGatewayOptions {
  registry: ProviderRegistry;
  prices: PriceTable;
  guards: ProviderGuards;
  rateLimiter?: ProviderRateLimiter;
  budgets?: BudgetGuard;
  cache?: ResponseCache;
  /** Requests per model of the chain for transport failures, the first included. */
  maxAttemptsPerModel: number;
  /** Hard cap on upstream requests of one logical call: retries, repairs and fallbacks included. */
  maxUpstreamCalls: number;
  /** Per upstream request. */
  timeoutMs: number;
  retry: { initialDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };
  maxOutputTokens: number;
  temperature: number;
  logger?: Logger;
}

/** One logical call: a prompt, the schema its answer must match, and the models to ask. */
export interface StructuredCall<T> {
  purpose: string;
  schema: z.ZodType<T>;
  /** Schema name sent with native structured output (letters, digits, `_`, `-`). */
  schemaName: string;
  system: string;
  prompt: string;
  /** `provider:model` ids in the order to try them. */
  chain: readonly string[];
  signal: AbortSignal;
  tenantId?: string;
  budgets?: readonly BudgetScope[];
  onBudgetWarning?: BudgetWarning;
  /** Stream the answer, reporting the text received so far through `onText`. */
  stream?: boolean;
  onText?: (text: string) => void;
  maxOutputTokens?: number;
}

export interface StructuredResult<T> {
  output: T;
  /** The model whose answer this is. */
  model: string;
  usage: TokenUsage;
  /** Models tried before `model`, each `model: why it failed`. */
  fallbackFrom: string[];
  upstreamCalls: number;
  cached: boolean;
}

/** Mutable bookkeeping of one logical call. */
interface CallState {
  callId: string;
  upstreamCalls: number;
  usage: TokenUsage;
}

interface ModelContext<T> {
  call: StructuredCall<T>;
  state: CallState;
  model: ResolvedModel;
  jsonSchema: JSONSchema7;
  maxOutputTokens: number;
}

function messageCharacters(system: string, messages: readonly ModelMessage[]): number {
  return messages.reduce((sum, message) => sum + (typeof message.content === 'string' ? message.content.length : JSON.stringify(message.content).length), system.length);
}

/**
 * The model gateway: structured output that holds on weak models (native → JSON mode → prompt,
 * extraction, one repair), resilience per provider (circuit breaker, concurrency limit, rate
 * limit, per-request timeout, retries honouring Retry-After) and a fallback chain — every upstream
 * request counted against one allowance per logical call, reserved against the budgets before it
 * is sent and settled after, its usage priced; validated answers are cached exactly.
 */
export class ModelGateway {
  private readonly logger: Logger;

  constructor(private readonly options: ModelGatewayOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get guards(): ProviderGuards {
    return this.options.guards;
  }

  async generate<T>(call: StructuredCall<T>): Promise<StructuredResult<T>> {
    const state: CallState = { callId: newId('call'), upstreamCalls: 0, usage: ZERO_USAGE };
    const jsonSchema = await jsonSchemaOf(call.schema);
    const maxOutputTokens = Math.min(call.maxOutputTokens ?? this.options.maxOutputTokens, this.options.maxOutputTokens);
    const cacheKey = this.options.cache?.enabled
      ? responseCacheKey({ tenantId: call.tenantId ?? 'default', chain: call.chain, system: call.system, prompt: call.prompt, schema: jsonSchema, parameters: { temperature: this.options.temperature, maxOutputTokens } })
      : undefined;
    if (cacheKey) {
      const hit = await this.options.cache!.get(cacheKey);
      const valid = hit ? call.schema.safeParse(hit.output) : undefined;
      if (hit && valid?.success) return { output: valid.data, model: hit.model, usage: { ...ZERO_USAGE, cacheHits: 1 }, fallbackFrom: [], upstreamCalls: 0, cached: true };
    }
    const trail: string[] = [];
    for (const id of call.chain) {
      const description = this.options.registry.describe(id);
      if (description.unavailable) {
        trail.push(`${id}: ${description.unavailable}`);
        continue;
      }
      if (state.upstreamCalls >= this.options.maxUpstreamCalls) {
        trail.push(`${id}: not tried, the call used its ${this.options.maxUpstreamCalls} upstream requests`);
        continue;
      }
      const model = await this.options.registry.resolve(id);
      try {
        const output = await this.tryModel({ call, state, model, jsonSchema, maxOutputTokens });
        if (cacheKey) await this.options.cache!.set(cacheKey, { output: output as JsonValue, model: id });
        return { output, model: id, usage: state.usage, fallbackFrom: trail, upstreamCalls: state.upstreamCalls, cached: false };
      } catch (error) {
        if (call.signal.aborted) throw abortReason(call.signal);
        if (error instanceof UpstreamFailure || error instanceof InvalidOutputError || error instanceof UpstreamLimitError || error instanceof BrokenCircuitError) {
          const reason = error instanceof BrokenCircuitError ? `circuit open for ${model.providerKey}` : error.message;
          trail.push(`${id}: ${reason.slice(0, 300)}`);
          this.logger.warn({ purpose: call.purpose, model: id, callId: state.callId, reason }, 'model failed; trying the next in the chain');
          continue;
        }
        // Budget refusals and bugs end the logical call; usage so far is attached.
        throw Object.assign(error as object, { usage: state.usage });
      }
    }
    throw new GatewayFailure(trail, state.usage, state.upstreamCalls);
  }

  /** One model of the chain: output modes in order, and one repair of an invalid answer. */
  private async tryModel<T>(context: ModelContext<T>): Promise<T> {
    const { call, model, jsonSchema } = context;
    const modes = model.outputModes;
    let modeIndex = 0;
    let messages: ModelMessage[] = [{ role: 'user', content: call.prompt }];
    let repaired = false;
    for (;;) {
      const mode = modes[modeIndex]!;
      const system = mode === 'native' ? call.system : `${call.system}\n\n${schemaInstructions(jsonSchema)}`;
      let text: string;
      try {
        text = await this.requestWithRetries(context, mode, system, messages);
      } catch (error) {
        // The provider refused this way of asking for JSON: ask the next way (it was counted).
        if (error instanceof UpstreamFailure && error.kind === 'rejected-format' && modeIndex + 1 < modes.length) {
          modeIndex += 1;
          continue;
        }
        throw error;
      }
      const outcome = validateAnswer(text, call.schema);
      if (outcome.ok) return outcome.value;
      if (repaired || context.state.upstreamCalls >= this.options.maxUpstreamCalls) {
        throw new InvalidOutputError(`answer invalid${repaired ? ' after one repair' : ''}: ${outcome.errors.slice(0, 3).join('; ')}`, outcome.errors);
      }
      repaired = true;
      messages = [...messages, ...repairMessages(text, outcome.errors)];
    }
  }

  /** Upstream requests to one model, retried on transient failures, Retry-After honoured. */
  private async requestWithRetries<T>(context: ModelContext<T>, mode: OutputMode, system: string, messages: ModelMessage[]): Promise<string> {
    const { call, state } = context;
    const { maxUpstreamCalls, retry: timing } = this.options;
    const shouldRetry = (error: unknown): boolean =>
      error instanceof UpstreamFailure &&
      error.retryable &&
      !call.signal.aborted &&
      state.upstreamCalls < maxUpstreamCalls &&
      (error.retryAfterMs ?? 0) <= timing.maxRetryAfterMs;
    const policy = retry(handleWhen(shouldRetry), {
      maxAttempts: Math.max(0, this.options.maxAttemptsPerModel - 1),
      backoff: new DelegateBackoff<{ attempt: number; result: { error: unknown } | { value: unknown } }>((backoff) => {
        const error = 'error' in backoff.result ? backoff.result.error : undefined;
        if (error instanceof UpstreamFailure && error.retryAfterMs !== undefined) return error.retryAfterMs;
        const exponential = Math.min(timing.maxDelayMs, timing.initialDelayMs * 2 ** (backoff.attempt - 1));
        // Decorrelates callers that failed together, so they do not retry together.
        return Math.round(exponential * (0.5 + Math.random() / 2));
      }),
    });
    try {
      return await policy.execute(() => this.guardedRequest(context, mode, system, messages), call.signal);
    } catch (error) {
      if (error instanceof TaskCancelledError && call.signal.aborted) throw abortReason(call.signal);
      throw error;
    }
  }

  /** One upstream request under the budget, the rate limit, the circuit and the concurrency limit. */
  private async guardedRequest<T>(context: ModelContext<T>, mode: OutputMode, system: string, messages: ModelMessage[]): Promise<string> {
    const { call, state, model } = context;
    if (state.upstreamCalls >= this.options.maxUpstreamCalls) throw new UpstreamLimitError(this.options.maxUpstreamCalls);
    const promptCharacters = messageCharacters(system, messages);
    // Three characters per token over-estimates English prompts: the reservation is an upper bound.
    const estimatedInput = Math.ceil(promptCharacters / 3);
    const estimatedCost = this.options.prices.costOf(model.id, { inputTokens: estimatedInput, outputTokens: context.maxOutputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });
    const reservation = await this.options.budgets?.reserve(call.budgets ?? [], { tokens: estimatedInput + context.maxOutputTokens, costUsd: estimatedCost }, call.onBudgetWarning);
    let settled = { tokens: 0, costUsd: 0 };
    try {
      await this.options.rateLimiter?.acquire(model.providerKey, estimatedInput + context.maxOutputTokens, call.signal, this.options.timeoutMs);
      const guard = this.options.guards.get(model.providerKey);
      return await guard.circuit.execute(
        () =>
          guard.concurrency.execute(async () => {
            if (call.signal.aborted) throw abortReason(call.signal);
            state.upstreamCalls += 1;
            // A timer cleared when the request ends (AbortSignal.timeout would keep every one alive
            // for the whole timeout, with the request's listeners attached).
            const timeout = new AbortController();
            const timer = setTimeout(() => timeout.abort(new DOMException('The per-request timeout passed', 'TimeoutError')), this.options.timeoutMs);
            try {
              const answer = await sendUpstreamRequest({
                model,
                mode,
                jsonSchema: context.jsonSchema,
                schemaName: call.schemaName,
                system,
                messages,
                maxOutputTokens: context.maxOutputTokens,
                temperature: this.options.temperature,
                headers: { 'x-consultantos-call-id': state.callId, 'x-consultantos-attempt': String(state.upstreamCalls) },
                signal: AbortSignal.any([call.signal, timeout.signal]),
                stream: call.stream ?? false,
                ...(call.onText ? { onText: call.onText } : {}),
              });
              const tokens = requestTokensOf(answer.usage, { promptCharacters, answerCharacters: answer.text.length });
              const usage = tokenUsageOf(model.id, tokens, this.options.prices);
              state.usage = addUsage(state.usage, usage);
              settled = { tokens: tokens.inputTokens + tokens.outputTokens, costUsd: usage.costUsd };
              return answer.text;
            } catch (error) {
              // A failed request is still a request: it counts, at no known token cost.
              state.usage = addUsage(state.usage, { ...ZERO_USAGE, calls: 1 });
              if (call.signal.aborted) throw abortReason(call.signal);
              throw classifyUpstreamError(error, timeout.signal.aborted);
            } finally {
              clearTimeout(timer);
            }
          }),
        call.signal,
      );
    } finally {
      await this.options.budgets?.settle(reservation, settled);
    }
  }
}
