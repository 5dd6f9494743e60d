import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXAMPLE_DIR } from '../support/analysis-harness.js';
import { type StubServer, startStubServer } from '../support/stub-server.js';

const SECRET = 'sk-test-do-not-print-4f9a1c';
let server: StubServer;
let root: string;

beforeAll(async () => {
  server = await startStubServer();
  root = mkdtempSync(join(tmpdir(), 'consultantos-doctor-'));
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

/** Provider variables cleared, so keys in the developer's environment never leak into a test. */
const cleanEnvironment = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GOOGLE_GENERATIVE_AI_API_KEY: '', CONSULTANTOS_OPENAI_COMPATIBLE_API_KEY: '', CONSULTANTOS_MODEL_STRONG: '' };

/**
 * The CLI's entrypoint in this process (a subprocess costs seconds of start-up per call): the
 * environment is stubbed for the call and stdout/stderr are captured.
 */
async function runCli(args: string[], environment: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // Embedded and offline whatever the runner's environment holds (CI sets DATABASE_URL and REDIS_URL).
  const isolation = { CONSULTANTOS_LOG_LEVEL: 'silent', CONSULTANTOS_OFFLINE: '1', DATABASE_URL: '', REDIS_URL: '', CONSULTANTOS_DATABASE_URL: '', CONSULTANTOS_REDIS_URL: '' };
  for (const [name, value] of Object.entries({ ...isolation, ...environment })) vi.stubEnv(name, value);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('consultantos doctor', () => {
  it('reports each configured provider — reachable, model present, key set — without printing the key', async () => {
    const result = await runCli(['--data-dir', join(root, 'a'), 'doctor', '--json', '--timeout-ms', '1500'], {
      ...cleanEnvironment,
      CONSULTANTOS_MODEL_FAST: 'openai:stub-fast,openai-compatible:stub-strong',
      CONSULTANTOS_MODEL_STRONG: 'openai:no-such-model',
      CONSULTANTOS_OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: SECRET,
      CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: server.baseUrl,
    });

    expect(result.stdout + result.stderr).not.toContain(SECRET);
    const summary = JSON.parse(result.stdout) as { healthy: boolean; providers: { provider: string; key: string; reachable: boolean; status: number; models: Record<string, string> }[] };
    const openai = summary.providers.find((check) => check.provider === 'openai')!;
    expect(openai).toMatchObject({ key: 'set', reachable: true, status: 200, models: { 'stub-fast': 'present', 'no-such-model': 'missing' } });
    expect(summary.providers.find((check) => check.provider === 'openai-compatible')).toMatchObject({ key: 'not needed', reachable: true, models: { 'stub-strong': 'present' } });
    expect(summary.healthy).toBe(false);
    expect(result.code).toBe(1);
    // The key travelled in a header; the stub saw a request, never the key in a URL.
    expect(server.stats().requestsByPath['/v1/models']).toBeGreaterThanOrEqual(2);
  });

  it('says which key is missing and which provider cannot be reached, in plain text', async () => {
    const result = await runCli(['--data-dir', join(root, 'b'), 'doctor', '--timeout-ms', '1500'], {
      ...cleanEnvironment,
      CONSULTANTOS_MODEL_FAST: 'anthropic:claude-3-5-haiku-latest,ollama:llama3.1:8b',
      CONSULTANTOS_ANTHROPIC_BASE_URL: server.baseUrl,
      CONSULTANTOS_OLLAMA_BASE_URL: 'http://127.0.0.1:1/v1',
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL anthropic at .*key not set \(ANTHROPIC_API_KEY\)/);
    expect(result.stdout).toMatch(/FAIL ollama at http:\/\/127\.0\.0\.1:1\/v1: unreachable/);
    expect(result.stdout).toMatch(/Price anthropic:claude-3-5-haiku-latest: \$0\.8\/M in/);
  });

  it('is healthy with no model configured (the extractive analyst needs nothing)', async () => {
    const result = await runCli(['--data-dir', join(root, 'c'), 'doctor'], { ...cleanEnvironment, CONSULTANTOS_MODEL_FAST: '', CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: '' });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/none configured — the extractive analyst writes every part/);
  });
});

describe('consultantos analyze model flags', () => {
  it('rejects a malformed --model or budget as bad input (exit 2) before storing anything', async () => {
    const documents = join(EXAMPLE_DIR, 'documents');
    const badModel = await runCli(['--data-dir', join(root, 'd'), 'analyze', 'Halvern', '--docs', documents, '--model', 'gpt-4o']);
    const badBudget = await runCli(['--data-dir', join(root, 'd'), 'analyze', 'Halvern', '--docs', documents, '--budget-usd', '-3']);

    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/--model: Model id "gpt-4o" must look like provider:model/);
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toMatch(/--budget-usd must be a positive number/);
  });

  it('runs with --model and --budget-tokens, ending partial when the budget stops it', async () => {
    const result = await runCli(
      ['--data-dir', join(root, 'e'), 'analyze', 'Halvern Agritech', '--docs', join(EXAMPLE_DIR, 'documents'), '--frameworks', 'swot', '--model', 'openai-compatible:stub-fast', '--budget-tokens', '500', '--json'],
      { ...cleanEnvironment, CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: server.baseUrl, CONSULTANTOS_MODEL_FAST: '' },
    );

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string };
    expect(summary.status).toBe('partial');
  });
});
