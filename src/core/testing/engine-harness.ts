import { Engine, type StepHandler } from '../engine.js';
import type { JsonValue } from '../json.js';
import { MemoryEventBus } from '../memory/memory-event-bus.js';
import { MemoryEvidenceStore } from '../memory/memory-evidence-store.js';
import { MemoryRunStore } from '../memory/memory-run-store.js';
import type { RunStore } from '../ports/run-store.js';
import type { CircuitRegistry } from '../step-policy.js';
import type { StepDefinition, WorkflowDefinition } from '../workflow.js';

/** An engine over in-memory stores, for tests of the engine itself. */
export function memoryEngine(handlers: Record<string, StepHandler>, options: { runs?: RunStore; leaseMs?: number; workerId?: string; circuits?: CircuitRegistry } = {}) {
  const runs = options.runs ?? new MemoryRunStore();
  const evidence = new MemoryEvidenceStore();
  const events = new MemoryEventBus();
  const engine = new Engine({
    runs,
    evidence,
    events,
    handlers: new Map(Object.entries(handlers)),
    leaseMs: options.leaseMs ?? 5_000,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    ...(options.circuits ? { circuits: options.circuits } : {}),
  });
  return { engine, runs, evidence, events };
}

export function workflow(steps: StepDefinition[], concurrency = 4): WorkflowDefinition {
  return { name: 'test', version: 1, concurrency, steps };
}

export const fastRetry = (maxAttempts: number) => ({ retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 2 } });

export async function submitAndRun(engine: Engine, definition: WorkflowDefinition, input: JsonValue = {}) {
  const { run } = await engine.submit({ tenantId: 'tenant-a', workflow: definition, input });
  const outcome = await engine.execute(run.id);
  return { runId: run.id, outcome };
}
