import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../core/errors.js';
import { minimalDocx } from '../../../test/fixtures/sources/minimal-docx.js';
import type { Transport } from '../safe-fetch/pinned-transport.js';
import { loadDocuments } from './load-documents.js';
import { parseDocument } from './read-document.js';
import { fetchUrlDocuments, isDocumentUrl, partitionDocuments } from './url-documents.js';

const folder = mkdtempSync(join(tmpdir(), 'consultantos-docx-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('.docx documents', () => {
  it('extracts the heading as title and every paragraph, in order', async () => {
    const bytes = minimalDocx('Field trial memo', ['Yields rose 12 % on treated plots.', 'Drone costs & tariffs remain the main risk.']);
    const document = await parseDocument(bytes, 'docx', 'memo.docx');
    expect(document.format).toBe('docx');
    expect(document.title).toBe('Field trial memo');
    expect(document.text).toBe('Field trial memo\n\nYields rose 12 % on treated plots.\n\nDrone costs & tariffs remain the main risk.');
  });

  it('loads .docx files from folders like any other document, and refuses a broken one by name', async () => {
    writeFileSync(join(folder, 'memo.docx'), minimalDocx('Memo', ['Body text.']));
    writeFileSync(join(folder, 'broken.docx'), 'not a zip archive');
    const skipped: string[] = [];
    const documents = await loadDocuments([folder], { onSkip: (file) => skipped.push(file.path) });
    expect(documents.map((document) => document.title)).toEqual(['Memo']);
    expect(skipped.some((path) => path.endsWith('broken.docx'))).toBe(true);
    await expect(loadDocuments([join(folder, 'broken.docx')])).rejects.toMatchObject({ code: 'DOCUMENT_UNREADABLE' });
  });
});

describe('document URLs', () => {
  const resolver = async (hostname: string) => (hostname === 'intranet.example.com' ? [{ address: '10.1.1.1', family: 4 as const }] : [{ address: '93.184.216.34', family: 4 as const }]);
  const transport: Transport = async (request) => {
    const pages: Record<string, { type: string; body: Uint8Array }> = {
      '/brief.html': { type: 'text/html', body: new TextEncoder().encode('<html><head><title>Market brief</title></head><body><p>Competition in precision agriculture is intensifying as incumbents add drone services.</p></body></html>') },
      '/memo.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: minimalDocx('Memo', ['Remote sensing demand grows.']) },
    };
    const page = pages[request.url.pathname];
    const body = page?.body ?? new Uint8Array();
    return { status: page ? 200 : 404, headers: { 'content-type': page?.type ?? 'text/plain' }, body: (async function* () { yield body; })(), close: () => undefined };
  };
  const options = { signal: new AbortController().signal, maxBytes: 1_000_000, timeoutMs: 5_000, resolver, transport };

  it('tells URLs from paths', () => {
    expect(isDocumentUrl('https://example.com/a.pdf')).toBe(true);
    expect(isDocumentUrl('docs/notes.md')).toBe(false);
    expect(partitionDocuments(['a.md', 'http://x.test/b', 'file:///etc/passwd'])).toEqual({ paths: ['a.md'], urls: ['http://x.test/b', 'file:///etc/passwd'] });
  });

  it('fetches and parses HTML and .docx by content type, with the URL as the path', async () => {
    const { documents, gaps } = await fetchUrlDocuments(['https://example.com/brief.html', 'https://example.com/memo.docx'], options);
    expect(gaps).toEqual([]);
    expect(documents.map((document) => [document.path, document.format, document.title])).toEqual([
      ['https://example.com/brief.html', 'html', 'Market brief'],
      ['https://example.com/memo.docx', 'docx', 'Memo'],
    ]);
  });

  it('turns refused and failed URLs into gaps naming them, keeping the rest', async () => {
    const { documents, gaps } = await fetchUrlDocuments(['http://intranet.example.com/secret', 'file:///etc/passwd', 'https://example.com/missing', 'https://example.com/brief.html'], options);
    expect(documents).toHaveLength(1);
    expect(gaps.map((gap) => gap.reason)).toEqual([
      expect.stringMatching(/resolves to 10\.1\.1\.1, a private network address/),
      expect.stringMatching(/file scheme is not allowed/),
      expect.stringMatching(/HTTP 404/),
    ]);
  });

  it('throws only for cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fetchUrlDocuments(['https://example.com/brief.html'], { ...options, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});
