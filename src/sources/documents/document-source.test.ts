import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../../test/fixtures/documents/minimal-pdf.js';
import { projectRoot } from '../../../test/support/shared-fixtures.js';
import type { EvidenceSource, SourceContext, SourceQuery } from '../source.js';
import { DocumentSource } from './document-source.js';

const query: SourceQuery = { company: 'Northwind Logistics', depth: 'standard', focusTerms: [] };
const context = (): SourceContext => ({ signal: new AbortController().signal, now: () => new Date('2025-03-01T12:00:00Z') });

describe('DocumentSource', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'consultantos-document-source-'));
    await writeFile(join(directory, 'scan.pdf'), minimalPdf({ pages: [[]] }));
    await writeFile(join(directory, 'memo.md'), '# Memo\n\nPricing pressure is rising in the north.');
    await writeFile(join(directory, 'photo.png'), 'not an image, but named like one');
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('turns the fixture folder into document evidence stamped with the context clock', async () => {
    const source: EvidenceSource = new DocumentSource({ paths: ['test/fixtures/documents/briefing'], baseDirectory: projectRoot });
    const result = await source.collect(query, context());
    expect(source.name).toBe('documents');
    expect(result.evidence.length).toBeGreaterThanOrEqual(4);
    expect(result.evidence.every((item) => item.retrievedAt === '2025-03-01T12:00:00.000Z')).toBe(true);
    expect(result.gaps).toEqual([]);
    expect(result.notes).toEqual([expect.stringContaining('market-share.csv')]);
  });

  it('reports a PDF without text as a gap and notes unsupported files', async () => {
    const result = await new DocumentSource({ paths: ['.'], baseDirectory: directory }).collect(query, context());
    expect(result.evidence.map((item) => item.locator)).toEqual(['memo.md#p1']);
    expect(result.gaps).toEqual([expect.objectContaining({ source: 'documents', impact: 'low', reason: expect.stringContaining('scan.pdf') })]);
    expect(result.notes).toEqual(expect.arrayContaining([expect.stringContaining('photo.png'), expect.stringContaining('scan.pdf has no extractable text')]));
  });

  it('throws DOCUMENT_UNREADABLE for a missing path the user named', async () => {
    const source = new DocumentSource({ paths: ['missing.md'], baseDirectory: directory });
    await expect(source.collect(query, context())).rejects.toMatchObject({ code: 'DOCUMENT_UNREADABLE', details: { path: 'missing.md' } });
  });

  it('returns nothing, and no gap, when no documents were given', async () => {
    const result = await new DocumentSource({ paths: [] }).collect(query, context());
    expect(result).toEqual({ evidence: [], gaps: [], notes: [] });
  });
});
