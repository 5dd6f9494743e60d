import { createLogUpdate } from 'log-update';
import type { EventBus, Unsubscribe } from '../core/ports/event-bus.js';
import type { RunEvent } from '../core/ports/run-store.js';

type StepState = { status: 'waiting' | 'running' | 'retrying' | 'done' | 'failed' | 'cancelled'; attempt: number; startedAt?: number; durationMs?: number; note?: string };

const SYMBOLS: Record<StepState['status'], string> = { waiting: '·', running: '…', retrying: '↻', done: '✓', failed: '✗', cancelled: '■' };

function messageOf(event: RunEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (typeof data.message === 'string') return data.message;
  const error = data.error as { message?: string } | string | undefined;
  if (typeof error === 'string') return error;
  return error?.message ?? '';
}

/**
 * Live per-step progress. On a terminal it redraws a table in place; otherwise (pipes, CI, log
 * files) it prints one plain line per event. Writes to stderr so stdout stays clean for output.
 */
export class ProgressRenderer {
  private readonly steps = new Map<string, StepState>();
  private unsubscribe: Unsubscribe | undefined;
  private readonly live: boolean;
  private readonly update = createLogUpdate(process.stderr, { showCursor: true });
  private runId = '';

  constructor(
    private readonly options: { interactive: boolean; quiet: boolean; stepIds: readonly string[] },
  ) {
    this.live = options.interactive && !options.quiet;
    for (const id of options.stepIds) this.steps.set(id, { status: 'waiting', attempt: 0 });
  }

  async attach(events: EventBus, runId: string): Promise<void> {
    this.runId = runId;
    this.unsubscribe = await events.subscribe(runId, (event) => this.onEvent(event));
    this.render();
  }

  /** Marks steps completed by an earlier execution (a resume). */
  markCompleted(stepIds: Iterable<string>): void {
    for (const id of stepIds) this.steps.set(id, { status: 'done', attempt: 1, note: 'from checkpoint' });
    this.render();
  }

  private onEvent(event: RunEvent): void {
    if (this.options.quiet) return;
    const id = event.stepId;
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (id) {
      const state = this.steps.get(id) ?? { status: 'waiting', attempt: 0 };
      switch (event.type) {
        case 'step-start':
          state.status = 'running';
          state.attempt = Number(data.attempt ?? state.attempt + 1);
          state.startedAt = Date.now();
          break;
        case 'step-progress':
          state.note = messageOf(event);
          break;
        case 'step-retry':
          state.status = 'retrying';
          state.note = `retry in ${String(data.delayMs)} ms: ${messageOf(event)}`;
          break;
        case 'step-end':
          state.status = 'done';
          state.durationMs = Number(data.durationMs ?? 0);
          break;
        case 'step-error': {
          const code = (data.error as { code?: string } | undefined)?.code;
          state.status = code === 'CANCELLED' || code === 'DRAINING' ? 'cancelled' : 'failed';
          state.note = messageOf(event);
          break;
        }
        default:
          break;
      }
      this.steps.set(id, state);
    }
    if (this.live) this.render();
    else this.printLine(event);
  }

  private printLine(event: RunEvent): void {
    const time = event.at.slice(11, 19);
    const detail = messageOf(event);
    const step = event.stepId ? ` ${event.stepId}` : '';
    process.stderr.write(`[${time}] ${event.type}${step}${detail ? ` — ${detail}` : ''}\n`);
  }

  private render(): void {
    if (!this.live) return;
    const width = Math.max(...[...this.steps.keys()].map((id) => id.length), 8);
    const lines = [`Run ${this.runId}`];
    for (const [id, state] of this.steps) {
      const time = state.status === 'done' && state.durationMs !== undefined ? `${(state.durationMs / 1000).toFixed(1)}s` : state.startedAt && state.status === 'running' ? `${((Date.now() - state.startedAt) / 1000).toFixed(1)}s` : '';
      const attempt = state.attempt > 1 ? ` (attempt ${state.attempt})` : '';
      lines.push(`  ${SYMBOLS[state.status]} ${id.padEnd(width)} ${time.padStart(6)}${attempt}${state.note ? `  ${state.note.slice(0, 70)}` : ''}`);
    }
    this.update(lines.join('\n'));
  }

  async detach(): Promise<void> {
    if (this.live) {
      this.render();
      this.update.done();
    }
    await this.unsubscribe?.();
  }
}
