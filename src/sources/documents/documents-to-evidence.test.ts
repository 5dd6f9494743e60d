import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Evidence } from '../../reports/model/evidence.js';
import { northwindStudyPdf } from '../../../test/fixtures/documents/minimal-pdf.js';
import { projectRoot } from '../../../test/support/shared-fixtures.js';
import { documentsToEvidence } from './documents-to-evidence.js';
import { loadDocuments } from './load-documents.js';
import type { LoadedDocument } from './read-document.js';

const BRIEFING = 'test/fixtures/documents/briefing';

function document(overrides: Partial<LoadedDocument>): LoadedDocument {
  return { path: 'notes/memo.txt', title: 'memo.txt', format: 'text', text: '', bytes: 0, contentHash: 'hash', ...overrides };
}

describe('documentsToEvidence', () => {
  it('makes one valid document evidence per passage with path#pN locators', async () => {
    const documents = await loadDocuments([BRIEFING], { baseDirectory: projectRoot });
    const evidence = documentsToEvidence(documents, { retrievedAt: new Date('2025-01-02T03:04:05Z') });
    for (const item of evidence) expect(Evidence.parse(item)).toEqual(item);
    expect(evidence.every((item) => item.kind === 'document')).toBe(true);
    const overview = evidence.filter((item) => item.locator.startsWith(`${BRIEFING}/market-overview.md#`));
    expect(overview.length).toBeGreaterThan(1);
    expect(overview.map((item) => item.locator)).toEqual(overview.map((_, index) => `${BRIEFING}/market-overview.md#p${index + 1}`));
    expect(overview[0]?.title).toBe(`Northwind Logistics — Market Overview (passage 1 of ${overview.length})`);
    expect(evidence.some((item) => item.excerpt.includes('SHOULD_NOT_APPEAR'))).toBe(false);
    expect(evidence.every((item) => item.retrievedAt === '2025-01-02T03:04:05.000Z')).toBe(true);
    expect(evidence.every((item) => !item.locator.includes(projectRoot))).toBe(true);
  });

  it('gives the same ids whenever the same files are loaded', async () => {
    const first = documentsToEvidence(await loadDocuments([BRIEFING], { baseDirectory: projectRoot }), { retrievedAt: new Date('2025-01-01T00:00:00Z') });
    const second = documentsToEvidence(await loadDocuments([BRIEFING], { baseDirectory: projectRoot }), { retrievedAt: new Date('2026-06-30T00:00:00Z') });
    expect(second.map((item) => item.id)).toEqual(first.map((item) => item.id));
    expect(new Set(first.map((item) => item.id)).size).toBe(first.length);
  });

  it('changes the id when the passage text or its location changes', () => {
    const retrievedAt = new Date('2025-01-01T00:00:00Z');
    const [original] = documentsToEvidence([document({ text: 'Demand grew by a tenth.' })], { retrievedAt });
    const [edited] = documentsToEvidence([document({ text: 'Demand grew by a fifth.' })], { retrievedAt });
    const [moved] = documentsToEvidence([document({ path: 'other/memo.txt', text: 'Demand grew by a tenth.' })], { retrievedAt });
    expect(original?.id).toMatch(/^ev_[0-9a-f]{16}$/);
    expect(edited?.id).not.toBe(original?.id);
    expect(moved?.id).not.toBe(original?.id);
  });

  it('registers identical passages of identical paths once', () => {
    const twin = document({ text: 'Same words.' });
    expect(documentsToEvidence([twin, { ...twin }], { retrievedAt: new Date() })).toHaveLength(1);
  });

  it('makes no evidence for a document without text', () => {
    expect(documentsToEvidence([document({ text: '' })], { retrievedAt: new Date() })).toEqual([]);
  });
});

describe('the PDF fixture', () => {
  it('is exactly what the minimal PDF writer produces', async () => {
    const committed = await readFile(join(projectRoot, BRIEFING, 'reports', 'northwind-study.pdf'));
    expect(committed.equals(northwindStudyPdf())).toBe(true);
  });
});
