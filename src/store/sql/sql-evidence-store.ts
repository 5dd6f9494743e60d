import type { Kysely } from 'kysely';
import { parseStoredJson } from '../../core/json.js';
import type { EvidenceStore } from '../../core/ports/evidence-store.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { Database } from '../schema.js';
import { lockKeyForTransaction } from './dialect.js';

/** Rows per INSERT: far below both dialects' bound-parameter limits. */
const CHUNK = 100;

export class SqlEvidenceStore implements EvidenceStore {
  constructor(private readonly db: Kysely<Database>) {}

  async putEvidence(runId: string, tenantId: string, evidence: readonly Evidence[]): Promise<void> {
    if (evidence.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // Steps of one run register evidence concurrently; positions are read then written, so
      // registrations of the same run take turns (PostgreSQL; SQLite already serialises writers).
      await lockKeyForTransaction(trx, `evidence:${runId}`);
      const existing = await trx.selectFrom('evidence').select('evidence_id').where('run_id', '=', runId).execute();
      const known = new Set(existing.map((row) => row.evidence_id));
      const fresh: Evidence[] = [];
      for (const item of evidence) {
        if (known.has(item.id)) continue;
        known.add(item.id);
        fresh.push(item);
      }
      let position = existing.length;
      for (let start = 0; start < fresh.length; start += CHUNK) {
        const rows = fresh.slice(start, start + CHUNK).map((item) => ({ run_id: runId, evidence_id: item.id, tenant_id: tenantId, position: position++, body: JSON.stringify(item) }));
        await trx.insertInto('evidence').values(rows).onConflict((conflict) => conflict.columns(['run_id', 'evidence_id']).doNothing()).execute();
      }
    });
  }

  async listEvidence(runId: string): Promise<Evidence[]> {
    const rows = await this.db.selectFrom('evidence').select('body').where('run_id', '=', runId).orderBy('position').execute();
    return rows.map((row) => parseStoredJson<Evidence>(row.body)!);
  }

  async getEvidence(runId: string, ids: readonly string[]): Promise<Evidence[]> {
    if (ids.length === 0) return [];
    const results: Evidence[] = [];
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += CHUNK) {
      const rows = await this.db.selectFrom('evidence').select(['body', 'position']).where('run_id', '=', runId).where('evidence_id', 'in', unique.slice(start, start + CHUNK)).execute();
      results.push(...rows.sort((a, b) => Number(a.position) - Number(b.position)).map((row) => parseStoredJson<Evidence>(row.body)!));
    }
    return results;
  }
}
