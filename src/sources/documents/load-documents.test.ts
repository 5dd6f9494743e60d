import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantError } from '../../core/errors.js';
import { minimalPdf } from '../../../test/fixtures/documents/minimal-pdf.js';
import { projectRoot } from '../../../test/support/shared-fixtures.js';
import { loadDocuments } from './load-documents.js';
import type { LoadDocumentsOptions, SkippedFile } from './load-documents.js';

const BRIEFING = 'test/fixtures/documents/briefing';
const options = (extra: LoadDocumentsOptions = {}): LoadDocumentsOptions => ({ baseDirectory: projectRoot, ...extra });

async function expectUnreadable(promise: Promise<unknown>, pathFragment: string): Promise<ConsultantError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConsultantError);
  const consultantError = error as ConsultantError;
  expect(consultantError.code).toBe('DOCUMENT_UNREADABLE');
  expect(consultantError.message).toContain(pathFragment);
  return consultantError;
}

describe('loadDocuments on the fixture folder', () => {
  it('walks the folder recursively in path order, skipping unsupported and hidden files', async () => {
    const skipped: SkippedFile[] = [];
    const documents = await loadDocuments([BRIEFING], options({ onSkip: (file) => skipped.push(file) }));
    expect(documents.map((document) => document.path)).toEqual([
      `${BRIEFING}/competitor-page.html`,
      `${BRIEFING}/interview-notes.txt`,
      `${BRIEFING}/market-overview.md`,
      `${BRIEFING}/reports/northwind-study.pdf`,
    ]);
    expect(documents.map((document) => document.format)).toEqual(['html', 'text', 'markdown', 'pdf']);
    expect(skipped).toEqual([expect.objectContaining({ path: `${BRIEFING}/reports/market-share.csv`, reason: 'unsupported-type' })]);
    expect(documents.some((document) => document.text.includes('hidden'))).toBe(false);
  });

  it('extracts HTML main text without scripts, styles or navigation', async () => {
    const [page] = await loadDocuments([`${BRIEFING}/competitor-page.html`], options());
    expect(page?.title).toBe('Polar Freight — About us');
    expect(page?.text).toContain('Polar Freight operates a fleet of two hundred refrigerated trucks');
    expect(page?.text).toContain('Cross-docking at four cold stores');
    expect(page?.text).not.toMatch(/SHOULD_NOT_APPEAR|trackingId|font-family|console\.log/);
    // List items become their own paragraphs instead of running together.
    expect(page?.text).toContain('Regional next-day delivery\n\nCross-docking');
  });

  it('takes the Markdown title from the first heading and drops markup', async () => {
    const [overview] = await loadDocuments([`./${BRIEFING}/market-overview.md`], options());
    expect(overview?.path).toBe(`${BRIEFING}/market-overview.md`);
    expect(overview?.title).toBe('Northwind Logistics — Market Overview');
    expect(overview?.text).toContain('Demand for cold-chain capacity grew');
    expect(overview?.text).toContain('See the\ninterview notes for the detail.');
    expect(overview?.text).not.toMatch(/\*\*|\]\(|^#/m);
  });

  it('uses the file name as the title of plain text', async () => {
    const [notes] = await loadDocuments([`${BRIEFING}/interview-notes.txt`], options());
    expect(notes?.title).toBe('interview-notes.txt');
    expect(notes?.text.startsWith('Interview notes, spring round')).toBe(true);
  });

  it('reads the PDF text layer and its Title', async () => {
    const [study] = await loadDocuments([`${BRIEFING}/reports/northwind-study.pdf`], options());
    expect(study?.title).toBe('Northwind Market Study');
    expect(study?.pageCount).toBe(2);
    expect(study?.text).toContain('Customers cite reliability and price as the main buying criteria.');
    expect(study?.text).toContain('New entrants compete on software-driven routing.');
  });

  it('shows an absolute argument by its base name only', async () => {
    const [file] = await loadDocuments([join(projectRoot, BRIEFING, 'interview-notes.txt')], options());
    expect(file?.path).toBe('interview-notes.txt');
    const inFolder = await loadDocuments([join(projectRoot, BRIEFING, 'reports')], options());
    expect(inFolder.map((document) => document.path)).toEqual(['reports/northwind-study.pdf']);
  });

  it('loads a file reached twice only once, keeping argument order', async () => {
    const documents = await loadDocuments([`${BRIEFING}/market-overview.md`, BRIEFING], options());
    expect(documents.map((document) => document.path)).toEqual([
      `${BRIEFING}/market-overview.md`,
      `${BRIEFING}/competitor-page.html`,
      `${BRIEFING}/interview-notes.txt`,
      `${BRIEFING}/reports/northwind-study.pdf`,
    ]);
  });

  it('gives the same documents on every load', async () => {
    const first = await loadDocuments([BRIEFING], options());
    const second = await loadDocuments([BRIEFING], options());
    expect(second).toEqual(first);
    expect(new Set(first.map((document) => document.contentHash)).size).toBe(first.length);
  });
});

describe('loadDocuments errors and limits', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'consultantos-documents-'));
    await mkdir(join(directory, 'folder', 'nested'), { recursive: true });
    await writeFile(join(directory, 'folder', 'a.md'), '# A\n\nFirst document.');
    await writeFile(join(directory, 'folder', 'b.txt'), 'Second document.');
    await writeFile(join(directory, 'folder', 'nested', 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf');
    await writeFile(join(directory, 'folder', 'nested', 'c.htm'), '<p>Third <b>document</b>.</p><script>alert("x")</script>');
    await writeFile(join(directory, 'slides.pptx'), 'not supported');
    await writeFile(join(directory, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf');
    await writeFile(join(directory, 'scanned.pdf'), minimalPdf({ pages: [[]] }));
    await writeFile(join(directory, 'big.txt'), 'x'.repeat(2000));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses a path that does not exist, naming it', async () => {
    const error = await expectUnreadable(loadDocuments(['no/such/file.md'], options()), 'no/such/file.md');
    expect(error.message).toContain('does not exist');
    expect(error.category).toBe('user');
  });

  it('refuses an explicit file of an unsupported type', async () => {
    const error = await expectUnreadable(loadDocuments(['slides.pptx'], { baseDirectory: directory }), 'slides.pptx');
    expect(error.message).toContain('unsupported file type');
  });

  it('refuses an explicit PDF that does not parse', async () => {
    const error = await expectUnreadable(loadDocuments(['broken.pdf'], { baseDirectory: directory }), 'broken.pdf');
    expect(error.message).toContain('cannot be parsed as pdf');
  });

  it('refuses an explicit file over the size limit', async () => {
    await expectUnreadable(loadDocuments(['big.txt'], { baseDirectory: directory, maxFileBytes: 1000 }), 'big.txt');
  });

  it('skips a broken PDF inside a folder and keeps the rest', async () => {
    const skipped: SkippedFile[] = [];
    const documents = await loadDocuments(['folder'], { baseDirectory: directory, onSkip: (file) => skipped.push(file) });
    expect(documents.map((document) => document.path)).toEqual(['folder/a.md', 'folder/b.txt', 'folder/nested/c.htm']);
    expect(skipped).toEqual([expect.objectContaining({ path: 'folder/nested/broken.pdf', reason: 'unreadable' })]);
    expect(documents[2]?.text).toBe('Third document.');
  });

  it('stops at maxFiles and reports the rest as skipped', async () => {
    const skipped: SkippedFile[] = [];
    const documents = await loadDocuments(['folder'], { baseDirectory: directory, maxFiles: 1, onSkip: (file) => skipped.push(file) });
    expect(documents.map((document) => document.path)).toEqual(['folder/a.md']);
    expect(skipped.filter((file) => file.reason === 'too-many-files').map((file) => file.path)).toEqual([
      'folder/b.txt',
      'folder/nested/broken.pdf',
      'folder/nested/c.htm',
    ]);
  });

  it('keeps a PDF without a text layer, with empty text and the file name as title', async () => {
    const [scanned] = await loadDocuments(['scanned.pdf'], { baseDirectory: directory });
    expect(scanned?.text).toBe('');
    expect(scanned?.title).toBe('scanned.pdf');
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadDocuments(['folder'], { baseDirectory: directory, signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
