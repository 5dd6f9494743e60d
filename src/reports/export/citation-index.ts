import type { Report } from '../model/report.js';
import { buildReportDocument } from '../render/build-document.js';
import type { EvidenceEntry, ReportDocument } from '../render/document-model.js';

/**
 * Evidence numbers as every document format shows them, for formats (spreadsheets, slides)
 * that do not serialise the document outline itself: `[3]` in the XLSX is `[3]` in the PDF.
 */
export interface CitationIndex {
  entries: EvidenceEntry[];
  numberOf(evidenceId: string): number | undefined;
  /** `[1][4]`, with unknown ids shown as `[unverified]`; empty when nothing is cited. */
  markers(evidenceIds: readonly string[] | undefined): string;
}

export function appendixEntries(document: ReportDocument): EvidenceEntry[] {
  for (const section of document.sections) {
    for (const block of section.blocks) if (block.kind === 'evidence-list') return block.entries;
  }
  return [];
}

export function buildCitationIndex(report: Report, document: ReportDocument = buildReportDocument(report)): CitationIndex {
  const entries = appendixEntries(document);
  const numbers = new Map(entries.map((entry) => [entry.evidence.id, entry.number]));
  return {
    entries,
    numberOf: (evidenceId) => numbers.get(evidenceId),
    markers(evidenceIds) {
      if (evidenceIds === undefined) return '';
      const known = [...new Set(evidenceIds)].map((id) => numbers.get(id)).filter((number) => number !== undefined);
      const unknown = [...new Set(evidenceIds)].filter((id) => !numbers.has(id)).length;
      return known.sort((left, right) => left - right).map((number) => `[${number}]`).join('') + '[unverified]'.repeat(unknown);
    },
  };
}
