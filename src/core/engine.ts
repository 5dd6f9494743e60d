import { hostname } from 'node:os';
import { type Clock, systemClock } from './clock.js';
import {
  CancelledError,
  ConsultantError,
  DrainingError,
  LeaseLostError,
  StepTimeoutError,
  isControlSignal,
  serializeError,
  toConsultantError,
} from './errors.js';
import { newId } from './ids.js';
import type { JsonObject, JsonValue } from './json.js';
import { type Logger, silentLogger } from './logger.js';
import type { EventBus } from './ports/event-bus.js';
import type { EvidenceStore } from './ports/evidence-store.js';
import type { Lease, NewRunEvent, RunEvent, RunRecord, RunStatus, RunStore } from './ports/run-store.js';
import { runReadySet, type StepOutcome } from './scheduler.js';
import { CircuitRegistry, abortReason, executeWithPolicy } from './step-policy.js';
import { type StepDefinition, type WorkflowDefinition, resolvePolicy, validateWorkflow } from './workflow.js';
import type { Evidence } from '../reports/model/evidence.js';
import type { TokenUsage } from '../reports/model/report.js';

/** What a step handler sees of its run. */
export interface StepContext {
  runId: string;
  tenantId: string;
  stepId: string;
  agent: string;
  /** 1-based attempt number of this step across the run's life. */
  attempt: number;
  params: JsonObject;
  /** The run's input (the validated request). */
  input: JsonValue;
  /** Output of each dependency; `undefined` when an optional dependency failed. */
  dependencies: Record<string, JsonValue | undefined>;
  /** Aborted on cancel, timeout, lease loss or process drain. Pass it to every I/O call. */
  signal: AbortSignal;
  /** Emits a `step-progress` event. */
  progress(message: string, data?: JsonObject): Promise<void>;
  /** Adds evidence to the run's registry (idempotent: ids are content hashes). */
  registerEvidence(evidence: readonly Evidence[]): Promise<void>;
  /** The run's evidence registry so far. */
  listEvidence(): Promise<Evidence[]>;
}

export interface StepResult {
  output: JsonValue;
  usage?: TokenUsage;
}

export type StepHandler = (context: StepContext) => Promise<StepResult>;

export interface EngineOptions {
  runs: RunStore;
  evidence: EvidenceStore;
  events: EventBus;
  handlers: ReadonlyMap<string, StepHandler>;
  /** Identifies this process in leases: `host:pid:random`. */
  workerId?: string;
  leaseMs?: number;
  attemptGraceMs?: number;
  circuits?: CircuitRegistry;
  clock?: Clock;
  logger?: Logger;
  /** Sees every event this engine persists (metrics); must not throw or block. */
  onEvent?: (event: RunEvent) => void;
}

export interface SubmitRun {
  tenantId: string;
  workflow: WorkflowDefinition;
  input: JsonValue;
  priority?: number;
  idempotencyKey?: string;
}

export type ExecuteOutcome =
  /** The run reached a terminal status in this call. */
  | { kind: 'finished'; status: RunStatus; run: RunRecord }
  /** Another worker owns the run, or it is already terminal. */
  | { kind: 'not-claimed'; run: RunRecord | undefined }
  /** The process is draining: the run went back to the queue for another worker. */
  | { kind: 'released' }
  /** Another worker took the lease; this one stopped without writing. */
  | { kind: 'lease-lost' };

export interface ExecuteOptions {
  /** Process drain: aborting it hands the run back to the queue. */
  drainSignal?: AbortSignal;
  /** Take over from an owner proven dead (see RunStore.claimRun). */
  takeoverFrom?: string;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${newId('w').slice(-6)}`;
}

/**
 * The durable workflow engine: submits runs, executes them under a fenced lease with a
 * ready-set scheduler and per-step policies, checkpoints every attempt, and resumes from the
 * store alone — never from memory of an earlier process.
 */
export class Engine {
  readonly workerId: string;
  readonly leaseMs: number;
  readonly circuits: CircuitRegistry;
  /** How long a stopping run waits for aborted handlers before recording them as failed. */
  readonly attemptGraceMs: number;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: EngineOptions) {
    this.workerId = options.workerId ?? defaultWorkerId();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.circuits = options.circuits ?? new CircuitRegistry();
    this.attemptGraceMs = options.attemptGraceMs ?? 5_000;
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ worker: this.workerId });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Validates the workflow and its handlers, then stores a queued run. */
  async submit(submission: SubmitRun): Promise<{ run: RunRecord; created: boolean }> {
    validateWorkflow(submission.workflow);
    const unknown = submission.workflow.steps.filter((step) => !this.options.handlers.has(step.agent));
    if (unknown.length > 0) {
      throw new ConsultantError('WORKFLOW_UNKNOWN', `No handler for agent(s): ${unknown.map((step) => step.agent).join(', ')}`);
    }
    const createdAt = this.now();
    const result = await this.options.runs.createRun({
      id: newId('run'),
      tenantId: submission.tenantId,
      workflow: submission.workflow.name,
      workflowVersion: submission.workflow.version,
      input: submission.input,
      plan: submission.workflow,
      createdAt,
      ...(submission.priority !== undefined ? { priority: submission.priority } : {}),
      ...(submission.idempotencyKey !== undefined ? { idempotencyKey: submission.idempotencyKey } : {}),
    });
    if (result.created) {
      await this.emit({ runId: result.run.id, type: 'run-created', at: createdAt, stepId: null, data: { workflow: submission.workflow.name, version: submission.workflow.version } });
    }
    return result;
  }

  /** Asks a run to stop; the owner notices on its next heartbeat or through the event bus. */
  async cancel(tenantId: string, runId: string): Promise<RunRecord> {
    const run = await this.options.runs.requestCancel(tenantId, runId, this.now());
    if (!run) throw new ConsultantError('NOT_FOUND', `Run ${runId} not found`);
    await this.emit({ runId, type: 'run-cancel-requested', at: this.now(), stepId: null, data: { status: run.status } });
    return run;
  }

  /** Puts a stopped run back in the queue; executing it runs only its unfinished steps. */
  async resume(tenantId: string, runId: string): Promise<RunRecord> {
    const run = await this.options.runs.requeueRun(tenantId, runId, this.now());
    await this.emit({ runId, type: 'run-requeued', at: this.now(), stepId: null, data: {} });
    return run;
  }

  /** Re-queues runs whose owner stopped heartbeating. Returns their ids for the job queue. */
  async reapExpired(limit = 100): Promise<string[]> {
    const ids = await this.options.runs.reclaimExpired(this.now(), limit);
    for (const runId of ids) {
      await this.emit({ runId, type: 'run-lease-expired', at: this.now(), stepId: null, data: {} });
    }
    return ids;
  }

  /** Claims and executes a run to the end (or until drained, cancelled or fenced out). */
  async execute(runId: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    const { runs } = this.options;
    const claimed = await runs.claimRun(runId, this.workerId, {
      now: this.now(),
      leaseMs: this.leaseMs,
      ...(options.takeoverFrom !== undefined ? { takeoverFrom: options.takeoverFrom } : {}),
    });
    if (!claimed) return { kind: 'not-claimed', run: await runs.loadRun(runId) };
    const run = await runs.loadRun(runId);
    if (!run) throw new ConsultantError('NOT_FOUND', `Run ${runId} vanished after it was claimed`);
    return new RunExecution(this, this.options, run, claimed, this.logger.child({ runId }), options.drainSignal).execute();
  }

  /** Persists an event (fenced when a lease is given) and publishes it. */
  async emit(event: NewRunEvent, lease?: Lease): Promise<RunEvent> {
    const stored = await this.options.runs.appendEvent(event, lease);
    await this.publish(stored);
    return stored;
  }

  /** Publishes an already persisted event. Live delivery is best effort; the event is durable. */
  async publish(event: RunEvent | undefined): Promise<void> {
    if (!event) return;
    try {
      this.options.onEvent?.(event);
    } catch {
      // observers are best effort
    }
    await this.options.events.publish(event).catch((error: unknown) => {
      this.logger.warn({ err: toConsultantError(error).message, runId: event.runId }, 'event publish failed');
    });
  }

  currentTime(): string {
    return this.now();
  }
}

/** One claimed execution of one run. */
class RunExecution {
  private lease: Lease;
  private readonly controller = new AbortController();
  private readonly outputs = new Map<string, JsonValue>();
  private readonly attemptCounts = new Map<string, number>();
  private readonly stepErrors = new Map<string, ReturnType<typeof serializeError>>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Attempts whose handler has not returned yet (a timed-out or aborted one may linger). */
  private readonly inflight = new Set<Promise<unknown>>();
  private fatalStep: string | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly options: EngineOptions,
    private readonly run: RunRecord,
    lease: Lease,
    private readonly logger: Logger,
    private readonly drainSignal: AbortSignal | undefined,
  ) {
    this.lease = lease;
  }

  private abort(reason: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  async execute(): Promise<ExecuteOutcome> {
    const { runs } = this.options;
    const plan = this.run.plan;
    const onDrain = (): void => this.abort(new DrainingError());
    if (this.drainSignal?.aborted) onDrain();
    this.drainSignal?.addEventListener('abort', onDrain, { once: true });
    const unsubscribe = await this.options.events.subscribe(this.run.id, (event) => {
      if (event.type === 'run-cancel-requested') this.abort(new CancelledError());
    });
    this.startHeartbeat();
    try {
      for (const attempt of await runs.listAttempts(this.run.id)) {
        this.attemptCounts.set(attempt.stepId, Math.max(this.attemptCounts.get(attempt.stepId) ?? 0, attempt.attempt));
        if (attempt.status === 'succeeded') this.outputs.set(attempt.stepId, attempt.output);
      }
      const completed = new Set([...this.outputs.keys()].filter((id) => plan.steps.some((step) => step.id === id)));
      if (this.run.cancelRequested) this.abort(new CancelledError());
      await this.emit({
        type: completed.size > 0 || this.lease.generation > 1 ? 'run-resume' : 'run-start',
        stepId: null,
        data: { generation: this.lease.generation, completedSteps: [...completed], worker: this.engine.workerId },
      });
      const byId = new Map(plan.steps.map((step) => [step.id, step]));
      const outcomes = await runReadySet({
        steps: plan.steps,
        completed,
        concurrency: plan.concurrency,
        isOptional: (id) => resolvePolicy(byId.get(id)!).optional,
        execute: (id) => this.executeStep(byId.get(id)!),
        signal: this.controller.signal,
        onFatal: (id) => {
          // A step that failed because the run was already stopping is not the cause.
          if (this.controller.signal.aborted) return;
          this.fatalStep = id;
          this.abort(new CancelledError(`Stopped because required step ${id} failed`));
        },
      });
      return await this.finish(outcomes);
    } catch (error) {
      if (error instanceof LeaseLostError) return { kind: 'lease-lost' };
      throw error;
    } finally {
      this.stopHeartbeat();
      this.drainSignal?.removeEventListener('abort', onDrain);
      await unsubscribe();
    }
  }

  /**
   * Waits for lingering attempts so their outcome is written before the run is finished or
   * released; a handler that ignores its signal past the grace period is recorded as failed.
   */
  private async settleInflight(): Promise<void> {
    if (this.inflight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.engine.attemptGraceMs);
      timer.unref();
    });
    const settled = await Promise.race([Promise.allSettled([...this.inflight]).then(() => 'settled' as const), grace]);
    if (timer) clearTimeout(timer);
    if (settled === 'settled') return;
    const now = this.engine.currentTime();
    for (const attempt of await this.options.runs.listAttempts(this.run.id)) {
      if (attempt.status !== 'running' || attempt.generation !== this.lease.generation) continue;
      const error = serializeError(new StepTimeoutError(`Step ${attempt.stepId} did not stop within ${this.engine.attemptGraceMs} ms of being aborted`));
      await this.options.runs.finishAttempt(this.lease, attempt.stepId, attempt.attempt, { status: 'failed', endedAt: now, error }).catch(() => undefined);
    }
  }

  private async finish(outcomes: Map<string, StepOutcome>): Promise<ExecuteOutcome> {
    const { runs } = this.options;
    const reason: unknown = this.controller.signal.aborted ? this.controller.signal.reason : undefined;
    if (reason instanceof LeaseLostError) return { kind: 'lease-lost' };
    await this.settleInflight();
    if (this.controller.signal.reason instanceof LeaseLostError) return { kind: 'lease-lost' };
    if (reason instanceof DrainingError && this.fatalStep === undefined) {
      await runs.releaseRun(this.lease, this.engine.currentTime());
      await this.emit({ type: 'run-released', stepId: null, data: { reason: 'drain' } }, false);
      return { kind: 'released' };
    }
    const plan = this.run.plan;
    const optional = (id: string): boolean => resolvePolicy(plan.steps.find((step) => step.id === id)!).optional;
    const failedRequired = [...outcomes].filter(([id, outcome]) => outcome !== 'succeeded' && !optional(id)).map(([id]) => id);
    const failedOptional = [...outcomes].filter(([id, outcome]) => outcome !== 'succeeded' && optional(id)).map(([id]) => id);
    let status: 'succeeded' | 'partial' | 'failed' | 'cancelled';
    let error: ReturnType<typeof serializeError> | undefined;
    if (reason instanceof CancelledError && this.fatalStep === undefined) {
      status = 'cancelled';
      error = serializeError(reason);
    } else if (failedRequired.length > 0) {
      status = 'failed';
      const first = failedRequired.find((id) => this.stepErrors.has(id));
      error = first ? { ...this.stepErrors.get(first)!, details: { ...this.stepErrors.get(first)!.details, stepId: first } } : serializeError(new ConsultantError('STEP_FAILED', `Steps did not complete: ${failedRequired.join(', ')}`));
    } else {
      status = failedOptional.length > 0 ? 'partial' : 'succeeded';
    }
    const resultStep = plan.steps[plan.steps.length - 1]?.id;
    const result: JsonObject = {
      failedSteps: [...failedRequired, ...failedOptional],
      ...(resultStep !== undefined && this.outputs.has(resultStep) ? { output: this.outputs.get(resultStep)! } : {}),
    };
    const finished = await runs.finishRun(this.lease, {
      status,
      endedAt: this.engine.currentTime(),
      result,
      ...(error ? { error } : {}),
    });
    await this.emit({ type: 'run-end', stepId: null, data: { status, failedSteps: result.failedSteps as JsonValue, ...(error ? { error: error as unknown as JsonObject } : {}) } }, false);
    return { kind: 'finished', status, run: finished };
  }

  private async executeStep(step: StepDefinition): Promise<'succeeded' | 'failed'> {
    const handler = this.options.handlers.get(step.agent);
    const policy = resolvePolicy(step);
    const baseAttempt = this.attemptCounts.get(step.id) ?? 0;
    const runSignal = this.controller.signal;
    if (!handler) {
      this.stepErrors.set(step.id, serializeError(new ConsultantError('WORKFLOW_UNKNOWN', `No handler for agent ${step.agent}`)));
      return 'failed';
    }
    try {
      const result = await executeWithPolicy(
        policy,
        runSignal,
        (retryIndex, attemptSignal) => this.runAttempt(step, handler, baseAttempt + retryIndex + 1, attemptSignal),
        {
          circuits: this.engine.circuits,
          hooks: {
            onRetry: ({ nextAttempt, delayMs, error }) => {
              void this.emit({ type: 'step-retry', stepId: step.id, data: { attempt: baseAttempt + nextAttempt + 1, delayMs: Math.round(delayMs), error: serializeError(error).message } }).catch(() => undefined);
            },
          },
        },
      );
      this.outputs.set(step.id, result.output);
      return 'succeeded';
    } catch (error) {
      if (error instanceof LeaseLostError) this.abort(error);
      this.stepErrors.set(step.id, serializeError(error));
      return 'failed';
    }
  }

  private runAttempt(step: StepDefinition, handler: StepHandler, attempt: number, attemptSignal: AbortSignal): Promise<StepResult> {
    const execution = this.attemptBody(step, handler, attempt, attemptSignal);
    this.inflight.add(execution);
    void execution.then(
      () => this.inflight.delete(execution),
      () => this.inflight.delete(execution),
    );
    return execution;
  }

  private async attemptBody(step: StepDefinition, handler: StepHandler, attempt: number, attemptSignal: AbortSignal): Promise<StepResult> {
    const { runs, evidence } = this.options;
    const runSignal = this.controller.signal;
    this.attemptCounts.set(step.id, attempt);
    // Each checkpoint and its event commit together: one transaction per transition. The start
    // record is written while the handler begins (it only has to be durable before the attempt
    // can end), which takes one commit per step off the critical path; a lost lease still
    // aborts the handler, and progress events wait for it so sequence numbers stay in order.
    const startedAt = this.engine.currentTime();
    const startWrite = this.fenced(runs.startAttempt(this.lease, { stepId: step.id, attempt, startedAt }, this.event({ type: 'step-start', stepId: step.id, data: { attempt, agent: step.agent } }, startedAt))).then((event) =>
      this.engine.publish(event),
    );
    startWrite.catch(() => undefined);
    const started = Date.now();
    const context: StepContext = {
      runId: this.run.id,
      tenantId: this.run.tenantId,
      stepId: step.id,
      agent: step.agent,
      attempt,
      params: step.params ?? {},
      input: this.run.input,
      dependencies: Object.fromEntries(step.dependsOn.map((id) => [id, this.outputs.get(id)])),
      signal: attemptSignal,
      progress: async (message, data = {}) => {
        await startWrite;
        if (attemptSignal.aborted) return;
        await this.emit({ type: 'step-progress', stepId: step.id, data: { attempt, message, ...data } });
      },
      registerEvidence: (items) => evidence.putEvidence(this.run.id, this.run.tenantId, items),
      listEvidence: () => evidence.listEvidence(this.run.id),
    };
    try {
      const [result] = await Promise.all([handler(context), startWrite]);
      // A result that arrives after the attempt's own timeout is discarded (a retry may already
      // be running); one that arrives while the run is stopping is kept, so a resume skips it.
      if (attemptSignal.aborted && !runSignal.aborted) throw abortReason(attemptSignal);
      const endedAt = this.engine.currentTime();
      const ended = this.event({ type: 'step-end', stepId: step.id, data: { attempt, agent: step.agent, durationMs: Date.now() - started, ...(result.usage ? { usage: result.usage as unknown as JsonObject } : {}) } }, endedAt);
      await this.engine.publish(
        await this.fenced(runs.finishAttempt(this.lease, step.id, attempt, { status: 'succeeded', endedAt, output: result.output, ...(result.usage ? { usage: result.usage } : {}) }, ended)),
      );
      return result;
    } catch (thrown) {
      if (thrown instanceof LeaseLostError) throw thrown;
      // The attempt must be on record before its failure can be.
      const startError = await startWrite.then(() => undefined, (error: unknown) => error);
      if (startError instanceof LeaseLostError) throw startError;
      if (startError !== undefined) throw startError;
      // A timeout aborts the attempt signal but not the run's: report it as a timeout.
      const error = attemptSignal.aborted && !runSignal.aborted && !(thrown instanceof ConsultantError)
        ? new StepTimeoutError(`Step ${step.id} attempt ${attempt} timed out`, { cause: thrown })
        : runSignal.aborted ? abortReason(runSignal) : thrown;
      const serialized = serializeError(error);
      const cancelled = isControlSignal(error);
      try {
        const endedAt = this.engine.currentTime();
        const failed = this.event({ type: 'step-error', stepId: step.id, data: { attempt, agent: step.agent, durationMs: Date.now() - started, error: serialized as unknown as JsonObject } }, endedAt);
        await this.engine.publish(await this.fenced(runs.finishAttempt(this.lease, step.id, attempt, { status: cancelled ? 'cancelled' : 'failed', endedAt, error: serialized }, failed)));
      } catch (writeError) {
        if (writeError instanceof LeaseLostError) throw writeError;
        this.logger.error({ err: toConsultantError(writeError).message, stepId: step.id }, 'could not record failed attempt');
      }
      throw error;
    }
  }

  /** Runs a fenced write; losing the lease aborts the whole execution. */
  private async fenced<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (error instanceof LeaseLostError) this.abort(error);
      throw error;
    }
  }

  private event(event: Omit<NewRunEvent, 'runId' | 'at'>, at: string): NewRunEvent {
    return { ...event, runId: this.run.id, at };
  }

  private async emit(event: Omit<NewRunEvent, 'runId' | 'at'>, fenced = true): Promise<void> {
    await this.fenced(this.engine.emit({ ...event, runId: this.run.id, at: this.engine.currentTime() }, fenced ? this.lease : undefined));
  }

  private startHeartbeat(): void {
    const interval = Math.max(50, Math.floor(this.engine.leaseMs / 3));
    this.heartbeat = setInterval(() => {
      void this.options.runs
        .renewLease(this.lease, this.engine.currentTime(), this.engine.leaseMs)
        .then((renewed) => {
          this.lease = renewed.lease;
          if (renewed.cancelRequested) this.abort(new CancelledError());
        })
        .catch((error: unknown) => {
          if (error instanceof LeaseLostError) this.abort(error);
          else this.logger.warn({ err: toConsultantError(error).message }, 'lease renewal failed');
        });
    }, interval);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

