/** Small helpers over `node:http`, kept apart so the handlers read as protocol, not plumbing. */
import type { IncomingMessage, ServerResponse } from 'node:http';

// Prompts with many evidence blocks are large, but a runaway client should not exhaust memory.
const maximumBodyBytes = 32 * 1024 * 1024;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maximumBodyBytes) throw new HttpProblem(413, 'invalid_request_error', 'request body is too large', 'body_too_large');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'invalid_request_error', 'request body is not valid JSON', 'invalid_json');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** OpenAI's error envelope, which `@ai-sdk/openai-compatible` parses into `APICallError`. */
export function sendProblem(response: ServerResponse, problem: HttpProblem, headers: Record<string, string> = {}): void {
  sendJson(response, problem.status, { error: { message: problem.message, type: problem.type, param: null, code: problem.code } }, headers);
}

/** Resolves after `milliseconds`, or rejects as soon as the request is abandoned. */
export function delay(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Error('request aborted'));
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('request aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
