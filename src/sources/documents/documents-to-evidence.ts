import { makeEvidence, truncate } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import { splitIntoPassages } from './passages.js';
import type { PassageOptions } from './passages.js';
import type { LoadedDocument } from './read-document.js';

export interface DocumentsToEvidenceOptions extends PassageOptions {
  retrievedAt: Date;
}

/** Leaves room for the passage marker inside the evidence title's 500 characters. */
const MAX_DOCUMENT_TITLE_CHARS = 440;

/**
 * Cuts each document into passages and makes one `document` evidence per passage. The locator
 * is `<display path>#p<N>` (N from 1) and the id hashes locator and passage text, so the same
 * files always yield the same ids whenever and wherever they are loaded.
 */
export function documentsToEvidence(documents: readonly LoadedDocument[], options: DocumentsToEvidenceOptions): Evidence[] {
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const document of documents) {
    const passages = splitIntoPassages(document.text, options);
    const title = truncate(document.title, MAX_DOCUMENT_TITLE_CHARS);
    passages.forEach((passage, index) => {
      const number = index + 1;
      const item = makeEvidence(
        {
          kind: 'document',
          title: `${title} (passage ${number} of ${passages.length})`,
          excerpt: passage,
          locator: `${document.path}#p${number}`,
          attributes: { path: document.path, format: document.format, passage: number, passages: passages.length },
        },
        options.retrievedAt,
      );
      // Two inputs with the same display path and text are the same evidence; register it once.
      if (seen.has(item.id)) return;
      seen.add(item.id);
      evidence.push(item);
    });
  }
  return evidence;
}
