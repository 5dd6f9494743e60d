import type { Evidence } from '../model/evidence.js';
import type { CitationReference, EvidenceEntry, Inline } from './document-model.js';

/**
 * Numbers evidence in order of first citation. The document builder cites while it walks the
 * report in reading order, so `[1]` is the first source a reader meets. Ids the report's
 * evidence list does not hold get no number: they become visible "unverified" markers rather
 * than references to an appendix entry that does not exist.
 */
export class CitationNumbering {
  private readonly evidenceById = new Map<string, Evidence>();
  private readonly numbers = new Map<string, number>();
  private readonly unverified = new Set<string>();

  constructor(evidence: readonly Evidence[]) {
    for (const entry of evidence) {
      // The first record wins should a malformed report repeat an id.
      if (!this.evidenceById.has(entry.id)) this.evidenceById.set(entry.id, entry);
    }
  }

  /** References for one cited item, numbering ids seen for the first time; repeats collapse. */
  cite(evidenceIds: readonly string[]): CitationReference[] {
    const references: CitationReference[] = [];
    for (const evidenceId of new Set(evidenceIds)) {
      const evidence = this.evidenceById.get(evidenceId);
      if (evidence === undefined) {
        this.unverified.add(evidenceId);
        references.push({ kind: 'unverified', evidenceId });
        continue;
      }
      let number = this.numbers.get(evidenceId);
      if (number === undefined) {
        number = this.numbers.size + 1;
        this.numbers.set(evidenceId, number);
      }
      references.push({ kind: 'evidence', number, evidenceId, title: evidence.title });
    }
    // Numbers read in order within a group ([1][3], not [3][1]); unverified markers go last.
    return references.sort((left, right) => sortKey(left) - sortKey(right));
  }

  /** The citations inline for an item, or nothing when it cites nothing. */
  inline(evidenceIds: readonly string[] | undefined): Inline[] {
    if (evidenceIds === undefined || evidenceIds.length === 0) return [];
    return [{ kind: 'citations', references: this.cite(evidenceIds) }];
  }

  /** Distinct ids cited in the body that the report's evidence does not contain. */
  get unverifiedCount(): number {
    return this.unverified.size;
  }

  /**
   * Every evidence record once: cited ones by number, then the uncited in stored order, which
   * continue the numbering so the appendix reads 1..n without gaps.
   */
  appendix(): EvidenceEntry[] {
    const cited: EvidenceEntry[] = [];
    for (const [evidenceId, number] of this.numbers) {
      cited.push({ number, evidence: this.evidenceById.get(evidenceId)!, cited: true });
    }
    cited.sort((left, right) => left.number - right.number);
    let next = cited.length;
    const uncited: EvidenceEntry[] = [];
    for (const [evidenceId, evidence] of this.evidenceById) {
      if (this.numbers.has(evidenceId)) continue;
      next += 1;
      uncited.push({ number: next, evidence, cited: false });
    }
    return [...cited, ...uncited];
  }

  /** How many records the report holds (after collapsing repeated ids). */
  get evidenceCount(): number {
    return this.evidenceById.size;
  }
}

function sortKey(reference: CitationReference): number {
  return reference.kind === 'evidence' ? reference.number : Number.MAX_SAFE_INTEGER;
}
