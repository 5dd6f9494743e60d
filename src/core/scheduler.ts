import type { StepDefinition } from './workflow.js';

export type StepOutcome = 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface ReadySetOptions {
  steps: readonly StepDefinition[];
  /** Steps already completed (by an earlier execution of the run); never executed again. */
  completed: ReadonlySet<string>;
  /** Steps of this run executing at once. */
  concurrency: number;
  isOptional(stepId: string): boolean;
  /** Executes one step to its final outcome (retries included). Must not throw. */
  execute(stepId: string): Promise<'succeeded' | 'failed'>;
  /** Once aborted, no step starts; the ones running finish on their own signal. */
  signal: AbortSignal;
  /** Called once when a required step fails; the caller aborts what is still running. */
  onFatal?(stepId: string): void;
}

/**
 * Ready-set scheduling: a step starts as soon as every dependency has settled (succeeded, or
 * failed while optional) and a concurrency slot is free — not level by level. A failed required
 * step stops new starts; steps that never started end `skipped` (or `cancelled` after an abort).
 */
export async function runReadySet(options: ReadySetOptions): Promise<Map<string, StepOutcome>> {
  const outcomes = new Map<string, StepOutcome>();
  for (const id of options.completed) outcomes.set(id, 'succeeded');
  const pending = options.steps.filter((step) => !options.completed.has(step.id));
  const running = new Map<string, Promise<void>>();
  let fatal = false;

  const settledOk = (dependency: string): boolean => {
    const outcome = outcomes.get(dependency);
    return outcome === 'succeeded' || (outcome === 'failed' && options.isOptional(dependency));
  };
  const blocked = (dependency: string): boolean => {
    const outcome = outcomes.get(dependency);
    return outcome === 'skipped' || outcome === 'cancelled' || (outcome === 'failed' && !options.isOptional(dependency));
  };

  return new Promise((resolve) => {
    const pump = (): void => {
      // Steps whose dependencies can no longer succeed are skipped transitively.
      let changed = true;
      while (changed) {
        changed = false;
        for (let index = pending.length - 1; index >= 0; index -= 1) {
          const step = pending[index]!;
          if (step.dependsOn.some(blocked)) {
            pending.splice(index, 1);
            outcomes.set(step.id, 'skipped');
            changed = true;
          }
        }
      }
      const stopped = fatal || options.signal.aborted;
      if (stopped) {
        for (const step of pending.splice(0)) outcomes.set(step.id, fatal && !options.signal.aborted ? 'skipped' : 'cancelled');
      }
      while (!stopped && running.size < options.concurrency) {
        const index = pending.findIndex((step) => step.dependsOn.every(settledOk));
        if (index < 0) break;
        const [step] = pending.splice(index, 1);
        start(step!.id);
      }
      // Nothing running and nothing startable: whatever is left can never run.
      if (running.size === 0) {
        for (const step of pending.splice(0)) outcomes.set(step.id, 'skipped');
        options.signal.removeEventListener('abort', pump);
        resolve(outcomes);
      }
    };

    const start = (stepId: string): void => {
      const execution = options
        .execute(stepId)
        .catch((): 'failed' => 'failed')
        .then((outcome) => {
          outcomes.set(stepId, outcome);
          running.delete(stepId);
          if (outcome === 'failed' && !options.isOptional(stepId) && !fatal) {
            fatal = true;
            options.onFatal?.(stepId);
          }
          pump();
        });
      running.set(stepId, execution);
    };

    options.signal.addEventListener('abort', pump, { once: true });
    pump();
  });
}
