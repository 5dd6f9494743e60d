/**
 * Fault-injection tests of the stub server, as a suite that `stub-server.test.ts` runs, so
 * the one test file named in the brief covers everything while each file stays small.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, JSONParseError, NoObjectGeneratedError, Output, TypeValidationError } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startStubServer } from '../stub-server.js';
import type { FaultMix, StubServer } from '../stub-server.js';
import { analysisPrompt, citedIds, forcesSchema, postChat, promptEvidenceIds } from './test-fixtures.js';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function describeFaultInjection(): void {
  let server: StubServer;
  let stub: ReturnType<typeof createOpenAICompatible>;

  beforeAll(async () => {
    server = await startStubServer();
    stub = createOpenAICompatible({ name: 'stub', baseURL: server.baseUrl, supportsStructuredOutputs: true });
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
  });

  const structured = (fault: string) =>
    generateText({
      model: stub('stub-strong'),
      output: Output.object({ schema: forcesSchema }),
      prompt: analysisPrompt,
      headers: { 'x-stub-fault': fault },
      maxRetries: 0,
    });

  describe('forced faults', () => {
    it('http500 fails the call with a retryable APICallError of status 500', async () => {
      const error = await rejectionOf(generateText({ model: stub('stub-fast'), prompt: 'hello', headers: { 'x-stub-fault': 'http500' }, maxRetries: 0 }));

      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).statusCode).toBe(500);
      expect((error as APICallError).isRetryable).toBe(true);
    });

    it('http429 carries the configured Retry-After header', async () => {
      server.setOptions({ retryAfterSeconds: 7 });
      try {
        const error = await rejectionOf(generateText({ model: stub('stub-fast'), prompt: 'hello', headers: { 'x-stub-fault': '429' }, maxRetries: 0 }));

        expect(APICallError.isInstance(error) && error.statusCode).toBe(429);
        expect((error as APICallError).responseHeaders?.['retry-after']).toBe('7');
      } finally {
        server.setOptions({ retryAfterSeconds: 1 });
      }
    });

    it('timeout hangs until the client aborts, and the abort lands within the deadline', async () => {
      const started = performance.now();
      const error = await rejectionOf(
        generateText({ model: stub('stub-fast'), prompt: 'hello', headers: { 'x-stub-fault': 'timeout' }, maxRetries: 0, abortSignal: AbortSignal.timeout(200) }),
      );

      expect(performance.now() - started).toBeLessThan(2_000);
      expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
      await vi.waitFor(() => expect(server.stats().clientAborts).toBe(1));
      expect(server.stats().faultsInjected).toEqual({ timeout: 1 });
    });

    it('malformedJson truncates structured content so parsing fails', async () => {
      const error = await rejectionOf(structured('malformedJson'));

      expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
      expect(JSONParseError.isInstance((error as NoObjectGeneratedError).cause)).toBe(true);
    });

    it('malformedJson breaks the response body of a plain-text call', async () => {
      const error = await rejectionOf(generateText({ model: stub('stub-fast'), prompt: 'hello', headers: { 'x-stub-fault': 'malformed' }, maxRetries: 0 }));

      expect(APICallError.isInstance(error) && error.message).toBe('Invalid JSON response');
    });

    it('schemaInvalid returns parseable JSON that fails schema validation', async () => {
      const error = await rejectionOf(structured('schemaInvalid'));

      expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
      expect(TypeValidationError.isInstance((error as NoObjectGeneratedError).cause)).toBe(true);
      expect(() => JSON.parse((error as NoObjectGeneratedError).text ?? '')).not.toThrow();
    });

    it('inventedIds cites well-formed ids that the prompt never contained', async () => {
      const result = await structured('inventedIds');
      const cited = citedIds(result.output);

      expect(cited.length).toBeGreaterThan(0);
      for (const id of cited) {
        expect(id).toMatch(/^ev_[0-9a-f]{16}$/);
        expect(promptEvidenceIds).not.toContain(id);
      }
      expect(server.stats().faultsInjected).toEqual({ inventedIds: 1 });
    });

    it('thinkPreamble prefixes a <think> block and fences the JSON', async () => {
      const text = await generateText({ model: stub('stub-fast'), prompt: analysisPrompt, headers: { 'x-stub-fault': 'thinkPreamble' } });
      const error = await rejectionOf(structured('thinkPreamble'));
      const raw = (error as NoObjectGeneratedError).text ?? '';

      expect(text.text).toMatch(/^<think>[\s\S]+<\/think>/);
      expect(raw).toContain('<think>');
      const fenced = /```json\n([\s\S]+)\n```/.exec(raw);
      expect(forcesSchema.safeParse(JSON.parse(fenced?.[1] ?? 'null')).success).toBe(true);
    });

    it('rejects an unknown fault name instead of silently ignoring it', async () => {
      const response = await postChat(server.baseUrl, { messages: [{ role: 'user', content: 'hi' }] }, { 'x-stub-fault': 'http503' });

      expect(response.status).toBe(400);
    });

    it('close() ends requests that are deliberately left hanging', async () => {
      const hangingServer = await startStubServer();
      const pending = postChat(hangingServer.baseUrl, { messages: [{ role: 'user', content: 'hi' }] }, { 'x-stub-fault': 'timeout' });
      await vi.waitFor(() => expect(hangingServer.stats().faultsInjected.timeout).toBe(1));

      const started = performance.now();
      await hangingServer.close();

      await expect(pending).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  describe('fault mix', () => {
    const mix: FaultMix = { http500: 0.2, http429: 0.1, malformedJson: 0.1, schemaInvalid: 0.1, thinkPreamble: 0.1 };

    async function faultSequence(target: StubServer, count: number): Promise<string[]> {
      const sequence: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const response = await postChat(target.baseUrl, {
          messages: [{ role: 'user', content: 'Answer with JSON: {"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}' }],
          response_format: { type: 'json_object' },
        });
        await response.arrayBuffer();
        sequence.push(`${response.status}:${response.headers.get('x-stub-fault')}`);
      }
      return sequence;
    }

    it('replays the same sequence for the same seed, and after reset()', async () => {
      const twin = await startStubServer({ seed: 42, faults: mix });
      try {
        server.setOptions({ seed: 42, faults: mix });
        const first = await faultSequence(server, 40);
        const second = await faultSequence(twin, 40);
        server.reset();
        const replay = await faultSequence(server, 40);

        expect(second).toEqual(first);
        expect(replay).toEqual(first);
        expect(new Set(first).size).toBeGreaterThanOrEqual(4);
        expect(first).toContain('200:none');
      } finally {
        server.setOptions({ seed: 1, faults: {} });
        await twin.close();
      }
    });

    it('draws a different sequence for a different seed', async () => {
      server.setOptions({ seed: 1, faults: mix });
      try {
        const first = await faultSequence(server, 40);
        server.setOptions({ seed: 2 });
        const second = await faultSequence(server, 40);

        expect(second).not.toEqual(first);
      } finally {
        server.setOptions({ faults: {} });
      }
    });

    it('injects scripted faults first, then answers normally', async () => {
      server.setOptions({ scriptedFaults: ['http500', 'http429'] });
      const statuses: number[] = [];
      for (let index = 0; index < 3; index += 1) {
        const response = await postChat(server.baseUrl, { messages: [{ role: 'user', content: 'hi' }] });
        await response.arrayBuffer();
        statuses.push(response.status);
      }

      expect(statuses).toEqual([500, 429, 200]);
    });

    it('refuses a mix whose probabilities exceed 1', () => {
      expect(() => server.setOptions({ faults: { http500: 0.7, http429: 0.5 } })).toThrow(RangeError);
    });
  });
}
