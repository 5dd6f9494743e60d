/**
 * Writes a chat answer the way OpenAI-compatible servers do: one JSON document, or an SSE
 * stream of `chat.completion.chunk` events ending in `data: [DONE]`.
 */
import type { ServerResponse } from 'node:http';
import type { ChatAnswer } from './chat-answer.js';
import { delay } from './http-io.js';

export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

function usageOf(answer: ChatAnswer): Record<string, unknown> {
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
    prompt_tokens_details: { cached_tokens: answer.cachedTokens },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

export function sendCompletion(
  response: ServerResponse,
  identity: CompletionIdentity,
  answer: ChatAnswer,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify({
    ...identity,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop', logprobs: null }],
    usage: usageOf(answer),
  });
  // A body cut mid-document is what a crashed proxy or a broken server really sends.
  const body = answer.corruptEnvelope ? text.slice(0, Math.floor(text.length / 2)) : text;
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

/** Slices content into small deltas; mid-word cuts are what token streams look like. */
export function splitIntoDeltas(content: string, size = 16): string[] {
  const deltas: string[] = [];
  for (let index = 0; index < content.length; index += size) deltas.push(content.slice(index, index + size));
  return deltas;
}

export interface StreamSettings {
  includeUsage: boolean;
  chunkDelayMs: number;
  signal: AbortSignal;
  headers: Record<string, string>;
}

export async function streamCompletion(
  response: ServerResponse,
  identity: CompletionIdentity,
  answer: ChatAnswer,
  settings: StreamSettings,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...settings.headers,
  });
  const send = (data: unknown): void => {
    response.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  };
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...identity,
    object: 'chat.completion.chunk',
    choices,
    ...extra,
  });

  send(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
  if (answer.corruptEnvelope) {
    send(`{"id":"${identity.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${answer.content.slice(0, 12)}`);
    send('[DONE]');
    response.end();
    return;
  }
  for (const delta of splitIntoDeltas(answer.content)) {
    await delay(settings.chunkDelayMs, settings.signal);
    send(chunk([{ index: 0, delta: { content: delta }, finish_reason: null }]));
  }
  send(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (settings.includeUsage) send(chunk([], { usage: usageOf(answer) }));
  send('[DONE]');
  response.end();
}
