/**
 * Table shapes shared by both dialects. Timestamps are ISO-8601 UTC strings (they sort
 * lexicographically), JSON is text, booleans are 0/1 integers: the same rows and the same
 * queries work on SQLite and PostgreSQL (ADR 0003).
 */
export interface RunsTable {
  id: string;
  tenant_id: string;
  workflow: string;
  workflow_version: number;
  status: string;
  input: string;
  plan: string;
  priority: number;
  idempotency_key: string | null;
  cancel_requested: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  ended_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  lease_generation: number;
  event_seq: number;
  error: string | null;
  result: string | null;
}

export interface StepAttemptsTable {
  run_id: string;
  step_id: string;
  attempt: number;
  generation: number;
  worker: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  output: string | null;
  error: string | null;
  usage: string | null;
}

export interface RunEventsTable {
  run_id: string;
  seq: number;
  type: string;
  at: string;
  step_id: string | null;
  data: string;
}

export interface ReportsTable {
  id: string;
  tenant_id: string;
  run_id: string;
  company_key: string;
  company_name: string;
  version: number;
  status: string;
  /** Comma-delimited with leading and trailing commas (`,porter,swot,`) for LIKE filters. */
  frameworks: string;
  created_at: string;
  quality_overall: number;
  confidence_score: number;
  body: string;
}

export interface EvidenceTable {
  run_id: string;
  evidence_id: string;
  tenant_id: string;
  position: number;
  body: string;
}

export interface CacheEntriesTable {
  key: string;
  value: string;
  /** Milliseconds since the epoch. */
  expires_at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface ReportSharesTable {
  id: string;
  tenant_id: string;
  report_id: string;
  /** The user who created the link. */
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface Database {
  report_shares: ReportSharesTable;
  runs: RunsTable;
  step_attempts: StepAttemptsTable;
  run_events: RunEventsTable;
  reports: ReportsTable;
  evidence: EvidenceTable;
  cache_entries: CacheEntriesTable;
  schema_migrations: SchemaMigrationsTable;
}
