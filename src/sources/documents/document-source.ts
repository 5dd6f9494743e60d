import type { DataGap } from '../../reports/model/report.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { documentsToEvidence } from './documents-to-evidence.js';
import { loadDocuments } from './load-documents.js';
import type { LoadDocumentsOptions, SkippedFile } from './load-documents.js';
import type { PassageOptions } from './passages.js';

export interface DocumentSourceOptions extends Omit<LoadDocumentsOptions, 'signal' | 'onSkip'>, PassageOptions {
  /** Files and folders the user supplied with the request. */
  paths: readonly string[];
}

/**
 * The user's own documents as evidence. Every passage is kept: the documents were chosen for
 * this analysis, so ranking by the query is left to the agents that read them.
 */
export class DocumentSource implements EvidenceSource {
  readonly name = 'documents';

  constructor(private readonly options: DocumentSourceOptions) {}

  async collect(_query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    const skipped: SkippedFile[] = [];
    const documents = await loadDocuments(this.options.paths, {
      ...this.options,
      signal: context.signal,
      onSkip: (file) => skipped.push(file),
    });
    const evidence = documentsToEvidence(documents, { ...this.options, retrievedAt: context.now() });

    const notes = skipped.map((file) => `Skipped ${file.path}: ${file.message}`);
    const gaps: DataGap[] = [];
    // Unsupported files in a folder (images, spreadsheets) are noted, not counted as missing data.
    const lost = skipped.filter((file) => file.reason !== 'unsupported-type');
    if (lost.length > 0) {
      gaps.push({
        source: this.name,
        reason: `${lost.length} document(s) could not be used: ${lost.map((file) => `${file.path} (${file.reason})`).join(', ')}`,
        impact: 'low',
      });
    }
    const empty = documents.filter((document) => document.text.trim().length === 0);
    for (const document of empty) notes.push(`${document.path} has no extractable text (a scanned PDF needs OCR first)`);
    if (empty.length > 0) {
      gaps.push({
        source: this.name,
        reason: `No text could be extracted from ${empty.map((document) => document.path).join(', ')}`,
        impact: empty.length === documents.length ? 'medium' : 'low',
      });
    }
    return { evidence, gaps, notes };
  }
}
