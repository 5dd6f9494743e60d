import { generateText, streamText, type JSONSchema7, type LanguageModelUsage, type ModelMessage } from 'ai';
import type { OutputMode, ResolvedModel } from '../providers.js';
import { rawJsonOutput } from './structured-output.js';

export interface UpstreamRequest {
  model: ResolvedModel;
  mode: OutputMode;
  jsonSchema: JSONSchema7;
  schemaName: string;
  system: string;
  messages: ModelMessage[];
  maxOutputTokens: number;
  temperature: number;
  /** Sent with the request: the call id lets a proxy (or the test stub) group attempts. */
  headers: Record<string, string>;
  /** Caller ∧ per-request timeout. */
  signal: AbortSignal;
  stream: boolean;
  /** Streaming only: the text received so far, after each delta. */
  onText?: (text: string) => void;
}

export interface UpstreamAnswer {
  text: string;
  usage: LanguageModelUsage | undefined;
}

/**
 * Exactly one HTTP request to a provider: SDK retries are off (`maxRetries: 0`) because the
 * gateway retries itself and counts every request against the call's allowance.
 */
export async function sendUpstreamRequest(request: UpstreamRequest): Promise<UpstreamAnswer> {
  const output = rawJsonOutput(request.mode, request.jsonSchema, request.schemaName);
  const common = {
    model: request.model.model,
    system: request.system,
    messages: request.messages,
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    headers: request.headers,
    abortSignal: request.signal,
    maxRetries: 0,
    providerOptions: request.model.providerOptions,
    ...(output ? { output } : {}),
  };
  if (!request.stream) {
    const result = await generateText(common);
    return { text: result.text, usage: result.totalUsage };
  }
  let failure: { error: unknown } | undefined;
  // streamText reports errors through onError and error parts instead of throwing: collect them.
  const result = streamText({
    ...common,
    onError: ({ error }) => {
      failure ??= { error };
    },
  });
  let text = '';
  let usage: LanguageModelUsage | undefined;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
      request.onText?.(text);
    } else if (part.type === 'error') {
      failure ??= { error: part.error };
    } else if (part.type === 'finish') {
      usage = part.totalUsage;
    }
  }
  if (request.signal.aborted) throw request.signal.reason instanceof Error ? request.signal.reason : new Error('aborted');
  if (failure) throw failure.error;
  return { text, usage };
}
