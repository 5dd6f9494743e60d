/**
 * The stub's endpoints. Each POST goes through the same gate: pick the fault, wait the
 * configured latency, then either fail at the transport level (500, 429, hang) or answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { composeAnswer, estimateTokens } from './chat-answer.js';
import { sendCompletion, streamCompletion } from './chat-response.js';
import { embedText, embeddingInputs } from './embeddings.js';
import type { FaultPicker } from './fault-picker.js';
import { delay, HttpProblem, readJsonBody, sendJson, sendProblem } from './http-io.js';
import { isPlainObject } from './json-in-text.js';
import type { FaultName, ResolvedBehaviour } from './options.js';
import type { StatsCollector } from './stats.js';

export interface StubRequestRecord {
  path: string;
  model: string | undefined;
  fault: FaultName | null;
  stream: boolean;
  /** The parsed request body, so a test can inspect the exact prompt a component sent. */
  body: unknown;
}

export interface ServerState {
  behaviour: ResolvedBehaviour;
  picker: FaultPicker;
  stats: StatsCollector;
  record(entry: StubRequestRecord): void;
  nextCompletionId(): string;
}

export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal;
  state: ServerState;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function faultHeader(request: IncomingMessage): string | undefined {
  return headerValue(request, 'x-stub-fault');
}

function pickFault(context: RequestContext): FaultName | null {
  try {
    return context.state.picker.pick(faultHeader(context.request));
  } catch (error) {
    throw new HttpProblem(400, 'invalid_request_error', (error as Error).message, 'unknown_fault');
  }
}

/** Headers every answer carries, so a client (or a person with curl) can see what was injected. */
function stubHeaders(fault: FaultName | null): Record<string, string> {
  return { 'x-stub-fault': fault ?? 'none' };
}

/**
 * Latency first, then the transport faults. Returns true when the request has been dealt with
 * (answered with an error, or deliberately left hanging) and the handler must stop.
 */
async function applyTransportFault(context: RequestContext, fault: FaultName | null): Promise<boolean> {
  const { response, state } = context;
  await delay(state.behaviour.latencyMs, context.signal);
  switch (fault) {
    case 'timeout':
      state.stats.recordFault(fault);
      // Never answer: the socket stays open until the client aborts or close() destroys it.
      return true;
    case 'http500':
      state.stats.recordFault(fault);
      sendProblem(response, new HttpProblem(500, 'server_error', 'The stub injected an internal server error.', 'stub_http500'), stubHeaders(fault));
      return true;
    case 'http429':
      state.stats.recordFault(fault);
      sendProblem(response, new HttpProblem(429, 'rate_limit_exceeded', 'The stub injected a rate limit.', 'rate_limit_exceeded'), {
        ...stubHeaders(fault),
        'retry-after': String(state.behaviour.retryAfterSeconds),
      });
      return true;
    default:
      return false;
  }
}

export function handleModels(context: RequestContext): void {
  sendJson(context.response, 200, {
    object: 'list',
    data: context.state.behaviour.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'consultantos-stub' })),
  });
}

export async function handleChatCompletions(context: RequestContext): Promise<void> {
  const { state, response } = context;
  const body = await readJsonBody(context.request);
  if (!isPlainObject(body) || !Array.isArray(body.messages) || typeof body.model !== 'string') {
    throw new HttpProblem(400, 'invalid_request_error', 'expected a JSON body with "model" (string) and "messages" (array)', 'invalid_body');
  }
  const model = body.model;
  const stream = body.stream === true;
  const callId = headerValue(context.request, 'x-consultantos-call-id');
  if (callId !== undefined) state.stats.recordCallId(callId);
  const fault = pickFault(context);
  state.record({ path: '/v1/chat/completions', model, fault, stream, body });
  if (!state.behaviour.models.includes(model)) {
    throw new HttpProblem(404, 'invalid_request_error', `model "${model}" is not served by the stub; configured: ${state.behaviour.models.join(', ')}`, 'model_not_found');
  }
  state.stats.recordModel(model);
  const format = isPlainObject(body.response_format) ? body.response_format.type : undefined;
  if (typeof format === 'string' && (state.behaviour.unsupportedResponseFormats as readonly string[]).includes(format)) {
    throw new HttpProblem(400, 'invalid_request_error', `response_format of type ${format} is not supported by this server`, 'unsupported_response_format');
  }
  if (await applyTransportFault(context, fault)) return;

  const answer = composeAnswer({ model, messages: body.messages, response_format: body.response_format }, fault, state.behaviour.seed, state.behaviour.cachedPromptFraction);
  if (fault !== null && answer.faultApplied) state.stats.recordFault(fault);
  const identity = { id: state.nextCompletionId(), created: Math.floor(Date.now() / 1000), model };
  const headers = stubHeaders(answer.faultApplied ? fault : null);
  if (stream) {
    const streamOptions = isPlainObject(body.stream_options) ? body.stream_options : {};
    await streamCompletion(response, identity, answer, {
      includeUsage: streamOptions.include_usage === true,
      chunkDelayMs: state.behaviour.streamChunkDelayMs,
      signal: context.signal,
      headers,
    });
  } else {
    sendCompletion(response, identity, answer, headers);
  }
  if (!answer.corruptEnvelope) state.stats.recordTokens(answer.promptTokens, answer.completionTokens, answer.cachedTokens);
}

export async function handleEmbeddings(context: RequestContext): Promise<void> {
  const { state, response } = context;
  const body = await readJsonBody(context.request);
  const inputs = isPlainObject(body) ? embeddingInputs(body.input) : undefined;
  if (!isPlainObject(body) || inputs === undefined) {
    throw new HttpProblem(400, 'invalid_request_error', 'expected a JSON body with "input" (string or array)', 'invalid_body');
  }
  // Embedding model ids are not checked against `models`: those name the chat tiers.
  const model = typeof body.model === 'string' ? body.model : 'stub-embedding';
  const fault = pickFault(context);
  state.record({ path: '/v1/embeddings', model, fault, stream: false, body });
  state.stats.recordModel(model);
  if (await applyTransportFault(context, fault)) return;

  const dimensions = typeof body.dimensions === 'number' && Number.isInteger(body.dimensions) && body.dimensions > 0 ? body.dimensions : state.behaviour.embeddingDimensions;
  const promptTokens = inputs.reduce((sum, input) => sum + estimateTokens(input.length), 0);
  const payload = JSON.stringify({
    object: 'list',
    data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: embedText(input, dimensions) })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
  if (fault === 'malformedJson') {
    state.stats.recordFault(fault);
    const truncated = payload.slice(0, Math.floor(payload.length / 2));
    response.writeHead(200, { 'content-type': 'application/json', ...stubHeaders(fault) });
    response.end(truncated);
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', ...stubHeaders(null) });
  response.end(payload);
  state.stats.recordTokens(promptTokens, 0);
}
