import type { Application } from '../app/application.js';
import { type RunRecord, isTerminal } from '../core/ports/run-store.js';

const POLL_MS = 250;

/**
 * Resolves when the run reaches a terminal status or `timeoutMs` passes. Listens on the event
 * bus for `run-end` and polls the store as well, because live delivery is best effort.
 */
export async function waitForRun(app: Application, tenantId: string, runId: string, timeoutMs: number, signal?: AbortSignal): Promise<RunRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | undefined;
  const unsubscribe = await app.events.subscribe(runId, (event) => {
    if (event.type === 'run-end') wake?.();
  });
  try {
    for (;;) {
      const run = await app.stores.runs.getRun(tenantId, runId);
      if (!run || isTerminal(run.status) || Date.now() >= deadline || signal?.aborted) return run;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  } finally {
    await unsubscribe();
  }
}

/** `Prefer: wait=N` (RFC 7240), capped; undefined when absent or malformed. */
export function preferredWaitSeconds(header: string | string[] | undefined, maxSeconds: number): number | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text || text.length > 200) return undefined;
  const match = /(?:^|[,;\s])wait\s*=\s*(\d{1,4})(?:$|[,;\s])/i.exec(text);
  if (!match) return undefined;
  return Math.min(Number(match[1]), maxSeconds);
}
