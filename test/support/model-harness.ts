import { expect } from 'vitest';
import type { Application } from '../../src/app/application.js';
import { citedEvidenceIds } from '../../src/reports/citation-check.js';
import type { Report } from '../../src/reports/model/report.js';
import type { StubServer } from './stub-server.js';

/**
 * Environment for an application whose tiers are a two-provider chain over two stub servers:
 * the OpenAI-compatible client against `primary`, then Ollama's client against `secondary`,
 * then the extractive analyst. Timings are test-sized; the response cache is off so every run
 * really calls the stubs.
 */
export function chainEnvironment(primary: StubServer, secondary: StubServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CONSULTANTOS_MODEL_FAST: 'openai-compatible:stub-fast,ollama:stub-fast',
    CONSULTANTOS_MODEL_STRONG: 'openai-compatible:stub-strong,ollama:stub-strong',
    CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: primary.baseUrl,
    CONSULTANTOS_OLLAMA_BASE_URL: secondary.baseUrl,
    CONSULTANTOS_MODEL_TIMEOUT_MS: '2000',
    CONSULTANTOS_MODEL_MAX_ATTEMPTS: '2',
    CONSULTANTOS_MODEL_MAX_UPSTREAM_CALLS: '5',
    CONSULTANTOS_MODEL_RETRY_INITIAL_DELAY_MS: '20',
    CONSULTANTOS_MODEL_RETRY_MAX_DELAY_MS: '100',
    CONSULTANTOS_MODEL_MAX_RETRY_AFTER_MS: '1000',
    CONSULTANTOS_MODEL_CIRCUIT_FAILURE_THRESHOLD: '3',
    CONSULTANTOS_MODEL_CIRCUIT_HALF_OPEN_AFTER_MS: '300',
    CONSULTANTOS_MODEL_RESPONSE_CACHE_TTL_MS: '0',
    ...extra,
  };
}

/** Upstream requests per logical call, summed over every stub the call may have reached. */
export function requestsPerCall(...servers: StubServer[]): number[] {
  const perCall = new Map<string, number>();
  for (const server of servers) {
    for (const [callId, count] of Object.entries(server.stats().requestsByCallId)) perCall.set(callId, (perCall.get(callId) ?? 0) + count);
  }
  return [...perCall.values()];
}

/** A saved report never cites an id the run did not retrieve, and its counts say what was removed. */
export function expectOnlyRetrievedCitations(report: Report): void {
  const registry = new Set(report.evidence.map((item) => item.id));
  for (const id of citedEvidenceIds(report.frameworks, report.synthesis)) expect(registry.has(id), `cited ${id} was never retrieved`).toBe(true);
}

/** Step ids whose last attempt failed, with the error code. */
export async function failedSteps(app: Application, runId: string): Promise<Record<string, string>> {
  const attempts = await app.stores.runs.listAttempts(runId);
  const last = new Map<string, (typeof attempts)[number]>();
  for (const attempt of attempts) last.set(attempt.stepId, attempt);
  return Object.fromEntries([...last].filter(([, attempt]) => attempt.status === 'failed').map(([stepId, attempt]) => [stepId, attempt.error?.code ?? 'unknown']));
}
