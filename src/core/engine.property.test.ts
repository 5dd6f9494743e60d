import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsultantError } from './errors.js';
import type { StepHandler } from './engine.js';
import { fastRetry, memoryEngine, workflow } from './testing/engine-harness.js';
import type { StepDefinition } from './workflow.js';

interface StepSpec {
  dependsOn: number[];
  durationMs: number;
  /** Attempts that fail before one succeeds (may exceed maxAttempts: the step then fails). */
  failuresBeforeSuccess: number;
  maxAttempts: number;
  optional: boolean;
}

const dagArbitrary = fc
  .integer({ min: 1, max: 8 })
  .chain((count) =>
    fc.tuple(
      fc.tuple(
        ...Array.from({ length: count }, (_, index) =>
          fc.record({
            dependsOn: index === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(fc.integer({ min: 0, max: index - 1 }), { maxLength: Math.min(3, index) }),
            durationMs: fc.integer({ min: 0, max: 4 }),
            failuresBeforeSuccess: fc.integer({ min: 0, max: 3 }),
            maxAttempts: fc.integer({ min: 1, max: 3 }),
            optional: fc.boolean(),
          }),
        ),
      ),
      fc.integer({ min: 1, max: 4 }),
    ),
  );

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    }, { once: true });
  });

function buildSteps(specs: StepSpec[]): StepDefinition[] {
  return specs.map((spec, index) => ({
    id: `s${index}`,
    agent: `agent-${index}`,
    dependsOn: spec.dependsOn.map((dependency) => `s${dependency}`),
    policy: { ...fastRetry(spec.maxAttempts), optional: spec.optional, timeoutMs: 5_000 },
  }));
}

describe('engine scheduling properties', () => {
  it('respects dependencies, the concurrency bound and the retry bound; the status follows the outcomes', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, async ([specs, concurrency]) => {
        const log: Array<{ kind: 'start' | 'end'; step: number; ok: boolean }> = [];
        const attempts = new Map<number, number>();
        let running = 0;
        let peak = 0;
        const handlers: Record<string, StepHandler> = {};
        specs.forEach((spec, index) => {
          handlers[`agent-${index}`] = async (context) => {
            running += 1;
            peak = Math.max(peak, running);
            log.push({ kind: 'start', step: index, ok: true });
            const count = (attempts.get(index) ?? 0) + 1;
            attempts.set(index, count);
            try {
              await sleep(spec.durationMs, context.signal);
              const ok = count > spec.failuresBeforeSuccess;
              log.push({ kind: 'end', step: index, ok });
              if (!ok) throw new ConsultantError('STEP_FAILED', `planned failure ${count}`);
              return { output: { step: index, attempt: count } };
            } finally {
              running -= 1;
            }
          };
        });
        const { engine, runs } = memoryEngine(handlers);
        const { run } = await engine.submit({ tenantId: 't', workflow: workflow(buildSteps(specs), concurrency), input: {} });
        const outcome = await engine.execute(run.id);
        expect(outcome.kind).toBe('finished');

        expect(peak).toBeLessThanOrEqual(concurrency);
        for (const [index, count] of attempts) expect(count).toBeLessThanOrEqual(specs[index]!.maxAttempts);

        // A step starts only after each dependency ended for good (succeeded or exhausted).
        const finalEnd = new Map<number, number>();
        log.forEach((entry, position) => {
          if (entry.kind !== 'end') return;
          const spec = specs[entry.step]!;
          const count = log.slice(0, position + 1).filter((item) => item.kind === 'end' && item.step === entry.step).length;
          if (entry.ok || count === spec.maxAttempts) finalEnd.set(entry.step, position);
        });
        log.forEach((entry, position) => {
          if (entry.kind !== 'start') return;
          for (const dependency of specs[entry.step]!.dependsOn) {
            expect(finalEnd.get(dependency), `s${entry.step} started before s${dependency} ended`).toBeLessThan(position);
          }
        });

        const succeeded = (index: number) => specs[index]!.failuresBeforeSuccess < specs[index]!.maxAttempts;
        const stored = await runs.loadRun(run.id);
        const attemptRows = await runs.listAttempts(run.id);
        for (const row of attemptRows) expect(row.status).not.toBe('running');
        const executed = new Set(attemptRows.map((row) => Number(row.stepId.slice(1))));
        const requiredFailed = [...executed].some((index) => !succeeded(index) && !specs[index]!.optional);
        const optionalFailed = [...executed].some((index) => !succeeded(index) && specs[index]!.optional);
        const expected = requiredFailed ? 'failed' : optionalFailed ? 'partial' : 'succeeded';
        expect(stored?.status).toBe(expected);
        if (expected !== 'failed') expect(executed.size).toBe(specs.length);
      }),
      { numRuns: 60 },
    );
  });

  it('cancellation aborts every running attempt and starts nothing afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, fc.integer({ min: 0, max: 15 }), async ([specs, concurrency], cancelAfterMs) => {
        const signals: AbortSignal[] = [];
        let cancelledAt = Number.POSITIVE_INFINITY;
        const startsAfterCancel: number[] = [];
        const handlers: Record<string, StepHandler> = {};
        specs.forEach((_spec, index) => {
          handlers[`agent-${index}`] = async (context) => {
            if (Date.now() > cancelledAt + 5) startsAfterCancel.push(index);
            signals.push(context.signal);
            await sleep(10_000, context.signal);
            return { output: null };
          };
        });
        const { engine, runs } = memoryEngine(handlers);
        const { run } = await engine.submit({ tenantId: 't', workflow: workflow(buildSteps(specs), concurrency), input: {} });
        const execution = engine.execute(run.id);
        await sleep(cancelAfterMs);
        await engine.cancel('t', run.id);
        cancelledAt = Date.now();
        const outcome = await execution;
        expect(outcome.kind).toBe('finished');
        expect((await runs.loadRun(run.id))?.status).toBe('cancelled');
        expect(signals.every((signal) => signal.aborted)).toBe(true);
        expect(startsAfterCancel).toEqual([]);
        const rows = await runs.listAttempts(run.id);
        expect(rows.every((row) => row.status === 'cancelled')).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('resume never re-executes a completed step', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, fc.integer({ min: 0, max: 7 }), async ([specs, concurrency], brokenIndex) => {
        const broken = Math.min(brokenIndex, specs.length - 1);
        let healthy = false;
        const successes = new Map<number, number>();
        const handlers: Record<string, StepHandler> = {};
        specs.forEach((_spec, index) => {
          handlers[`agent-${index}`] = async () => {
            if (index === broken && !healthy) throw new ConsultantError('STEP_FAILED', 'broken until fixed', { retryable: false });
            successes.set(index, (successes.get(index) ?? 0) + 1);
            return { output: { index } };
          };
        });
        const steps = buildSteps(specs.map((spec) => ({ ...spec, optional: false })));
        const { engine, runs } = memoryEngine(handlers);
        const { run } = await engine.submit({ tenantId: 't', workflow: workflow(steps, concurrency), input: {} });
        await engine.execute(run.id);
        expect((await runs.loadRun(run.id))?.status).toBe('failed');
        const completedBefore = new Set(successes.keys());
        healthy = true;
        await engine.resume('t', run.id);
        const outcome = await engine.execute(run.id);
        expect(outcome.kind === 'finished' && outcome.status).toBe('succeeded');
        for (let index = 0; index < specs.length; index += 1) expect(successes.get(index)).toBe(1);
        const rows = await runs.listAttempts(run.id);
        for (const index of completedBefore) {
          expect(rows.filter((row) => row.stepId === `s${index}` && row.status === 'succeeded')).toHaveLength(1);
        }
      }),
      { numRuns: 40 },
    );
  });
});
