/**
 * A local OpenAI-compatible model server for tests and benchmarks. It answers chat
 * completions (plain, streamed, JSON-schema structured), embeddings and the model list with
 * deterministic, evidence-grounded content, and injects faults (500, 429, hangs, malformed or
 * schema-invalid JSON, invented citations, reasoning preambles) from a seeded mix or on demand
 * through the `x-stub-fault` request header. It can report part of each prompt as cached tokens,
 * refuse chosen `response_format` types with a 400, and counts chat requests per logical call
 * by the model gateway's `x-consultantos-call-id` header (`stats().requestsByCallId`).
 *
 * Usage: `const server = await startStubServer(); createOpenAICompatible({ name: 'stub',
 * baseURL: server.baseUrl, supportsStructuredOutputs: true })`, then `await server.close()`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPicker } from './stub/fault-picker.js';
import { HttpProblem, sendProblem } from './stub/http-io.js';
import { defaultBehaviour, mergeBehaviour } from './stub/options.js';
import type { ResolvedBehaviour, StubBehaviourOptions, StubServerOptions } from './stub/options.js';
import { handleChatCompletions, handleEmbeddings, handleModels } from './stub/request-handlers.js';
import type { RequestContext, ServerState, StubRequestRecord } from './stub/request-handlers.js';
import { StatsCollector } from './stub/stats.js';
import type { StubStats } from './stub/stats.js';

export type { FaultMix, FaultName, StubBehaviourOptions, StubServerOptions } from './stub/options.js';
export { faultNames, parseFaultMix, parseFaultName } from './stub/options.js';
export type { StubStats, StubTokenCounts } from './stub/stats.js';
export type { StubRequestRecord } from './stub/request-handlers.js';

export interface StubServer {
  /** OpenAI-style base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  readonly baseUrl: string;
  /** Origin without a path, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  stats(): StubStats;
  /** The most recent requests (up to 100), oldest first, for asserting what a client sent. */
  requests(): readonly StubRequestRecord[];
  /** Zeroes the stats, forgets recorded requests and rewinds the fault sequence to the seed. */
  reset(): void;
  /** Changes behaviour for the following requests; a new `seed` restarts the fault sequence. */
  setOptions(options: StubBehaviourOptions): void;
  /** Stops listening and ends every open connection, including deliberately hanging ones. */
  close(): Promise<void>;
}

const recordedRequestLimit = 100;

export async function startStubServer(options: StubServerOptions = {}): Promise<StubServer> {
  let behaviour: ResolvedBehaviour = mergeBehaviour(defaultBehaviour, options);
  const picker = new FaultPicker(behaviour.seed, behaviour.faults);
  picker.setScript(options.scriptedFaults ?? []);
  const stats = new StatsCollector();
  let recorded: StubRequestRecord[] = [];
  let completionCounter = 0;
  let closing = false;
  let closed: Promise<void> | undefined;

  const state: ServerState = {
    get behaviour() {
      return behaviour;
    },
    picker,
    stats,
    record(entry) {
      recorded.push(entry);
      if (recorded.length > recordedRequestLimit) recorded = recorded.slice(-recordedRequestLimit);
    },
    nextCompletionId() {
      completionCounter += 1;
      return `chatcmpl-stub-${completionCounter}`;
    },
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const abort = new AbortController();
    response.once('close', () => {
      if (response.writableFinished) return;
      abort.abort();
      if (!closing) stats.recordClientAbort();
    });
    const context: RequestContext = { request, response, signal: abort.signal, state };
    try {
      const path = new URL(request.url ?? '/', 'http://stub.invalid').pathname.replace(/\/+$/, '');
      stats.recordRequest(path);
      const route = `${request.method ?? 'GET'} ${path}`;
      if (route === 'GET /v1/models') handleModels(context);
      else if (route === 'POST /v1/chat/completions') await handleChatCompletions(context);
      else if (route === 'POST /v1/embeddings') await handleEmbeddings(context);
      else throw new HttpProblem(404, 'invalid_request_error', `no route for ${route}`, 'not_found');
    } catch (error) {
      if (abort.signal.aborted) return;
      if (response.headersSent) {
        // Mid-stream failures cannot become a status code any more; cut the connection instead.
        response.destroy();
        return;
      }
      const problem =
        error instanceof HttpProblem ? error : new HttpProblem(500, 'server_error', `stub failure: ${(error as Error).message}`, 'stub_failure');
      sendProblem(response, problem);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    baseUrl: `${url}/v1`,
    url,
    port: address.port,
    stats: () => stats.snapshot(),
    requests: () => [...recorded],
    reset() {
      stats.reset();
      recorded = [];
      picker.reseed();
    },
    setOptions(patch) {
      behaviour = mergeBehaviour(behaviour, patch);
      picker.setMix(behaviour.faults);
      if (patch.seed !== undefined) picker.reseed(patch.seed);
      if (patch.scriptedFaults !== undefined) picker.setScript(patch.scriptedFaults);
    },
    close() {
      // Idempotent, so an afterAll and an explicit close in a test cannot fight.
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and hanging "timeout" requests would otherwise hold close() open forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
