import type { Evidence } from '../../reports/model/evidence.js';
import type { EvidenceStore } from '../ports/evidence-store.js';

export class MemoryEvidenceStore implements EvidenceStore {
  private readonly byRun = new Map<string, Map<string, Evidence>>();

  async putEvidence(runId: string, _tenantId: string, evidence: readonly Evidence[]): Promise<void> {
    let registry = this.byRun.get(runId);
    if (!registry) {
      registry = new Map();
      this.byRun.set(runId, registry);
    }
    for (const item of evidence) {
      if (!registry.has(item.id)) registry.set(item.id, structuredClone(item));
    }
  }

  async listEvidence(runId: string): Promise<Evidence[]> {
    return structuredClone([...(this.byRun.get(runId)?.values() ?? [])]);
  }

  async getEvidence(runId: string, ids: readonly string[]): Promise<Evidence[]> {
    const registry = this.byRun.get(runId);
    if (!registry) return [];
    const wanted = new Set(ids);
    return structuredClone([...registry.values()].filter((item) => wanted.has(item.id)));
  }
}
