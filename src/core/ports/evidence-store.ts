import type { Evidence } from '../../reports/model/evidence.js';

/**
 * The evidence registry of each run. Evidence ids are content hashes, so registering the same
 * evidence twice (a step re-executed after a crash) is a no-op.
 */
export interface EvidenceStore {
  /** Adds evidence to the run's registry; existing ids are left as they are. */
  putEvidence(runId: string, tenantId: string, evidence: readonly Evidence[]): Promise<void>;
  /** The run's registry in registration order. */
  listEvidence(runId: string): Promise<Evidence[]>;
  /** The subset of `ids` registered for the run. */
  getEvidence(runId: string, ids: readonly string[]): Promise<Evidence[]>;
}
