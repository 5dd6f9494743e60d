import { hostname } from 'node:os';
import type { Application } from '../app/application.js';
import type { ExecuteOutcome } from '../core/engine.js';
import type { RunRecord } from '../core/ports/run-store.js';
import { ProgressRenderer } from './progress.js';

/** Whether a lease owner (`host:pid:…`) is a process of this machine that no longer exists. */
export function isDeadLocalOwner(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface ForegroundOptions {
  interactive: boolean;
  quiet: boolean;
  takeoverFrom?: string;
}

/**
 * Executes a run in this process with live progress. SIGINT/SIGTERM drain it: the current steps
 * are aborted, the run goes back to `queued`, and `consultantos runs resume <id>` continues it.
 */
export async function executeInForeground(app: Application, run: RunRecord, options: ForegroundOptions): Promise<ExecuteOutcome> {
  const progress = new ProgressRenderer({ interactive: options.interactive, quiet: options.quiet, stepIds: run.plan.steps.map((step) => step.id) });
  const attempts = await app.stores.runs.listAttempts(run.id);
  progress.markCompleted(new Set(attempts.filter((attempt) => attempt.status === 'succeeded').map((attempt) => attempt.stepId)));
  await progress.attach(app.events, run.id);
  const drain = new AbortController();
  const onSignal = (): void => drain.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await app.engine.execute(run.id, { drainSignal: drain.signal, ...(options.takeoverFrom ? { takeoverFrom: options.takeoverFrom } : {}) });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await progress.detach();
  }
}
