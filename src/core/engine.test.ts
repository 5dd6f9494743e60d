import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../reports/model/evidence.js';
import type { StepHandler } from './engine.js';
import { ConsultantError } from './errors.js';
import { MemoryRunStore } from './memory/memory-run-store.js';
import { CircuitRegistry } from './step-policy.js';
import { fastRetry, memoryEngine, submitAndRun, workflow } from './testing/engine-harness.js';
import { findWorkflowProblems, validateWorkflow } from './workflow.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });

describe('workflow validation', () => {
  it('reports duplicates, unknown dependencies, self-dependencies and cycles', () => {
    const problems = findWorkflowProblems(
      workflow([
        { id: 'a', agent: 'x', dependsOn: ['c'] },
        { id: 'b', agent: 'x', dependsOn: ['a'] },
        { id: 'c', agent: 'x', dependsOn: ['b'] },
        { id: 'd', agent: 'x', dependsOn: ['d', 'nope'] },
        { id: 'd', agent: 'x', dependsOn: [] },
      ]),
    );
    expect(problems.map((problem) => problem.kind).sort()).toEqual(['cycle', 'duplicate-step', 'self-dependency', 'unknown-dependency']);
    expect(problems.find((problem) => problem.kind === 'cycle')?.message).toMatch(/a → c → b → a|c → b → a → c|b → a → c → b/);
    expect(() => validateWorkflow(workflow([]))).toThrow(ConsultantError);
    expect(() => validateWorkflow(workflow([{ id: 'Bad Id', agent: 'x', dependsOn: [] }]))).toThrow(/must match/);
    expect(() => validateWorkflow(workflow([{ id: 'a', agent: 'x', dependsOn: [], policy: { retry: { maxAttempts: 0 } } }]))).toThrow(/maxAttempts/);
    expect(validateWorkflow(workflow([{ id: 'a', agent: 'x', dependsOn: [] }])).steps).toHaveLength(1);
  });

  it('refuses to submit a workflow with an unregistered agent', async () => {
    const { engine } = memoryEngine({});
    await expect(engine.submit({ tenantId: 't', workflow: workflow([{ id: 'a', agent: 'ghost', dependsOn: [] }]), input: {} })).rejects.toMatchObject({ code: 'WORKFLOW_UNKNOWN' });
  });
});

describe('engine execution', () => {
  it('passes dependency outputs, records evidence and emits ordered events', async () => {
    const evidence = makeEvidence({ kind: 'note', title: 'Note', excerpt: 'A fact.', locator: 'note#1' });
    const { engine, runs, evidence: evidenceStore } = memoryEngine({
      first: async (context) => {
        await context.registerEvidence([evidence]);
        await context.progress('halfway', { percent: 50 });
        return { output: { value: 21 } };
      },
      second: async (context) => {
        const upstream = context.dependencies.first as { value: number };
        const registry = await context.listEvidence();
        return { output: { value: upstream.value * 2, evidence: registry.length }, usage: { inputTokens: 3, outputTokens: 4, cachedTokens: 0, costUsd: 0, calls: 1 } };
      },
    });
    const { runId, outcome } = await submitAndRun(engine, workflow([
      { id: 'first', agent: 'first', dependsOn: [] },
      { id: 'second', agent: 'second', dependsOn: ['first'] },
    ]), { company: 'Acme' });
    expect(outcome).toMatchObject({ kind: 'finished', status: 'succeeded' });
    const run = await runs.loadRun(runId);
    expect(run?.result).toMatchObject({ output: { value: 42, evidence: 1 }, failedSteps: [] });
    expect(await evidenceStore.listEvidence(runId)).toEqual([evidence]);
    const events = await runs.listEvents(runId, 0, 100);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.map((event) => `${event.type}${event.stepId ? `:${event.stepId}` : ''}`)).toEqual([
      'run-created',
      'run-start',
      'step-start:first',
      'step-progress:first',
      'step-end:first',
      'step-start:second',
      'step-end:second',
      'run-end',
    ]);
    expect(events.find((event) => event.type === 'step-progress')?.data).toMatchObject({ message: 'halfway', percent: 50 });
  });

  it('retries retryable failures with step-retry events and does not retry user errors', async () => {
    let flaky = 0;
    let userCalls = 0;
    const { engine, runs } = memoryEngine({
      flaky: async () => {
        flaky += 1;
        if (flaky < 3) throw new ConsultantError('PROVIDER_UNAVAILABLE', 'try again');
        return { output: 'ok' };
      },
      user: async () => {
        userCalls += 1;
        throw new ConsultantError('INVALID_INPUT', 'bad input');
      },
    });
    const { runId } = await submitAndRun(engine, workflow([
      { id: 'flaky', agent: 'flaky', dependsOn: [], policy: fastRetry(4) },
      { id: 'user', agent: 'user', dependsOn: [], policy: { ...fastRetry(4), optional: true } },
    ]));
    expect(flaky).toBe(3);
    expect(userCalls).toBe(1);
    const run = await runs.loadRun(runId);
    expect(run?.status).toBe('partial');
    expect(run?.result).toMatchObject({ failedSteps: ['user'] });
    const events = await runs.listEvents(runId, 0, 100);
    expect(events.filter((event) => event.type === 'step-retry' && event.stepId === 'flaky')).toHaveLength(2);
    const attempts = await runs.listAttempts(runId);
    expect(attempts.filter((row) => row.stepId === 'flaky').map((row) => row.status)).toEqual(['failed', 'failed', 'succeeded']);
  });

  it('times out attempts through their own signal and fails the run with the step error', async () => {
    const seen: boolean[] = [];
    const { engine, runs } = memoryEngine({
      slow: async (context) => {
        await sleep(5_000, context.signal).catch(() => undefined);
        seen.push(context.signal.aborted);
        return { output: null };
      },
    });
    const { runId } = await submitAndRun(engine, workflow([{ id: 'slow', agent: 'slow', dependsOn: [], policy: { timeoutMs: 30, ...fastRetry(2) } }]));
    const run = await runs.loadRun(runId);
    expect(run?.status).toBe('failed');
    expect(run?.error).toMatchObject({ code: 'STEP_TIMEOUT' });
    expect((run?.error?.details as Record<string, unknown>).stepId).toBe('slow');
    const attempts = await runs.listAttempts(runId);
    expect(attempts).toHaveLength(2);
    expect(attempts.every((row) => row.status === 'failed' && row.error?.code === 'STEP_TIMEOUT')).toBe(true);
    expect(seen).toEqual([true, true]);
  });

  it('opens a shared circuit after consecutive failures and rejects without calling', async () => {
    const circuits = new CircuitRegistry({ failureThreshold: 2, halfOpenAfterMs: 60_000 });
    let calls = 0;
    const { engine, runs } = memoryEngine({
      provider: async () => {
        calls += 1;
        throw new ConsultantError('PROVIDER_UNAVAILABLE', 'down');
      },
    }, { circuits });
    const definition = workflow([{ id: 'call', agent: 'provider', dependsOn: [], policy: { ...fastRetry(3), circuitKey: 'provider:x' } }]);
    const first = await submitAndRun(engine, definition);
    expect(calls).toBe(2);
    expect((await runs.loadRun(first.runId))?.error?.code).toBe('CIRCUIT_OPEN');
    const second = await submitAndRun(engine, definition);
    expect(calls).toBe(2);
    expect((await runs.loadRun(second.runId))?.error?.code).toBe('CIRCUIT_OPEN');
    expect(circuits.states()['provider:x']).toBe('open');
  });

  it('stops without writing when another worker takes the lease', async () => {
    const runs = new MemoryRunStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handlers: Record<string, StepHandler> = {
      wait: async () => {
        await gate;
        return { output: 'late' };
      },
    };
    const first = memoryEngine(handlers, { runs, leaseMs: 60_000, workerId: 'worker-1' });
    const { run } = await first.engine.submit({ tenantId: 't', workflow: workflow([{ id: 'wait', agent: 'wait', dependsOn: [] }]), input: {} });
    const execution = first.engine.execute(run.id);
    await sleep(20);
    const stolen = await runs.claimRun(run.id, 'worker-2', { now: new Date().toISOString(), leaseMs: 60_000, takeoverFrom: 'worker-1' });
    expect(stolen?.generation).toBe(2);
    release();
    expect(await execution).toEqual({ kind: 'lease-lost' });
    const attempts = await runs.listAttempts(run.id);
    expect(attempts[0]?.status).toBe('abandoned');
    expect((await runs.loadRun(run.id))?.leaseOwner).toBe('worker-2');
  });

  it('hands the run back to the queue on drain and finishes it on the next execution', async () => {
    let executions = 0;
    const controller = new AbortController();
    const { engine, runs } = memoryEngine({
      quick: async () => ({ output: 1 }),
      long: async (context) => {
        executions += 1;
        if (executions === 1) {
          controller.abort();
          await sleep(5_000, context.signal);
        }
        return { output: 2 };
      },
    });
    const { run } = await engine.submit({ tenantId: 't', workflow: workflow([
      { id: 'quick', agent: 'quick', dependsOn: [] },
      { id: 'long', agent: 'long', dependsOn: ['quick'] },
    ]), input: {} });
    expect(await engine.execute(run.id, { drainSignal: controller.signal })).toEqual({ kind: 'released' });
    expect((await runs.loadRun(run.id))?.status).toBe('queued');
    const outcome = await engine.execute(run.id);
    expect(outcome).toMatchObject({ kind: 'finished', status: 'succeeded' });
    const attempts = await runs.listAttempts(run.id);
    expect(attempts.filter((row) => row.stepId === 'quick')).toHaveLength(1);
    expect(attempts.filter((row) => row.stepId === 'long').map((row) => row.status)).toEqual(['cancelled', 'succeeded']);
  });

  it('notices a cancel requested through the store on its next heartbeat', async () => {
    const { engine, runs } = memoryEngine({
      wait: async (context) => {
        await sleep(10_000, context.signal);
        return { output: null };
      },
    }, { leaseMs: 150 });
    const { run } = await engine.submit({ tenantId: 't', workflow: workflow([{ id: 'wait', agent: 'wait', dependsOn: [] }]), input: {} });
    const execution = engine.execute(run.id);
    await sleep(20);
    // Another process writes the flag directly; no in-process event reaches this engine.
    await runs.requestCancel('t', run.id, new Date().toISOString());
    const outcome = await execution;
    expect(outcome).toMatchObject({ kind: 'finished', status: 'cancelled' });
  });

  it('does not claim a run another live worker owns', async () => {
    const runs = new MemoryRunStore();
    const { engine } = memoryEngine({ noop: async () => ({ output: null }) }, { runs });
    const { run } = await engine.submit({ tenantId: 't', workflow: workflow([{ id: 'a', agent: 'noop', dependsOn: [] }]), input: {} });
    await runs.claimRun(run.id, 'someone-else', { now: new Date().toISOString(), leaseMs: 60_000 });
    const outcome = await engine.execute(run.id);
    expect(outcome.kind).toBe('not-claimed');
  });
});
