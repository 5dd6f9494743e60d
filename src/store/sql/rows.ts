import type { SerializedError } from '../../core/errors.js';
import { parseStoredJson, type JsonValue } from '../../core/json.js';
import type { RunEvent, RunRecord, RunStatus, StepAttempt } from '../../core/ports/run-store.js';
import type { WorkflowDefinition } from '../../core/workflow.js';
import type { TokenUsage } from '../../reports/model/report.js';
import type { RunEventsTable, RunsTable, StepAttemptsTable } from '../schema.js';

export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function optionalJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function rowToRun(row: RunsTable): RunRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    workflow: row.workflow,
    workflowVersion: Number(row.workflow_version),
    status: row.status as RunStatus,
    input: parseStoredJson<JsonValue>(row.input) ?? null,
    plan: parseStoredJson<WorkflowDefinition>(row.plan)!,
    priority: Number(row.priority),
    idempotencyKey: row.idempotency_key,
    cancelRequested: Number(row.cancel_requested) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    leaseGeneration: Number(row.lease_generation),
    error: parseStoredJson<SerializedError>(row.error),
    result: parseStoredJson<JsonValue>(row.result),
  };
}

export function rowToAttempt(row: StepAttemptsTable): StepAttempt {
  return {
    runId: row.run_id,
    stepId: row.step_id,
    attempt: Number(row.attempt),
    generation: Number(row.generation),
    worker: row.worker,
    status: row.status as StepAttempt['status'],
    startedAt: row.started_at,
    endedAt: row.ended_at,
    output: parseStoredJson<JsonValue>(row.output),
    error: parseStoredJson<SerializedError>(row.error),
    usage: parseStoredJson<TokenUsage>(row.usage),
  };
}

export function rowToEvent(row: RunEventsTable): RunEvent {
  return {
    runId: row.run_id,
    seq: Number(row.seq),
    type: row.type,
    at: row.at,
    stepId: row.step_id,
    data: parseStoredJson<JsonValue>(row.data) ?? null,
  };
}

/** Unique-constraint violations in either dialect (SQLite, PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (!candidate) return false;
  if (candidate.code === '23505') return true;
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  if (/UNIQUE constraint failed|SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)/i.test(message)) return true;
  return candidate.cause !== undefined && candidate.cause !== error ? isUniqueViolation(candidate.cause) : false;
}
