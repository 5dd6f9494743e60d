import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { expect } from 'vitest';
import type { Report } from '../../src/reports/model/report.js';
import { expectedReportContent } from './sample-report.js';

/**
 * Reads exports back the way a person's tools would: poppler's `pdftotext`/`pdfinfo` for PDF,
 * the zip parts for DOCX and PPTX. Poppler is a Debian package (`poppler-utils`) that CI
 * installs; without it locally the PDF checks skip with a notice, but under CI they fail.
 */
export function popplerAvailable(): boolean {
  const found = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error === undefined;
  if (!found && process.env.CI) throw new Error('pdftotext (poppler-utils) is missing; .ci/run installs it');
  if (!found) console.warn('notice: pdftotext (Debian poppler-utils) is not installed; PDF text checks are skipped');
  return found;
}

function withTemporaryFile<T>(buffer: Buffer, use: (path: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), 'consultantos-pdf-'));
  const path = join(directory, 'report.pdf');
  try {
    writeFileSync(path, buffer);
    return use(path);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The PDF's text in content order (`-raw`), whitespace collapsed so wrapped lines rejoin. */
export function pdfText(buffer: Buffer): string {
  return withTemporaryFile(buffer, (path) => {
    const result = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    // pdfkit may break a line after a hyphen ("Chinese-" / "origin"): rejoin such words.
    return collapseWhitespace(result.stdout.replace(/(\S-)[ \t]*\r?\n\s*/g, '$1'));
  });
}

export function pdfPageCount(buffer: Buffer): number {
  return withTemporaryFile(buffer, (path) => {
    const result = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pdfinfo failed: ${result.stderr}`);
    return Number(/^Pages:\s+(\d+)/m.exec(result.stdout)?.[1]);
  });
}

export function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content of OOXML: tags removed, entities decoded, whitespace collapsed. */
export function xmlText(xml: string): string {
  const withoutTags = xml.replace(/<w:tab\/>|<a:br\/>|<w:br\/>/g, ' ').replace(/<[^>]+>/g, '');
  const decoded = withoutTags.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return XML_ENTITIES[name] ?? entity;
  });
  return collapseWhitespace(decoded);
}

export async function zipEntries(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const entries = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (!file.dir && /\.(xml|rels)$/.test(name)) entries.set(name, await file.async('string'));
  }
  return entries;
}

/** The text of each PPTX slide, in slide order (`slide2.xml` before `slide10.xml`). */
export function pptxSlideTexts(entries: Map<string, string>): string[] {
  const slideNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1]);
  return [...entries.keys()]
    .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((left, right) => slideNumber(left) - slideNumber(right))
    .map((name) => xmlText(entries.get(name)!));
}

/**
 * The PDF rendering of `report` as a reader sees it (pdftotext): every section heading, every
 * recommendation and every cited evidence title, on a sane number of pages. Returns the text.
 */
export function expectPdfCarriesReport(buffer: Buffer, report: Report, pages: { min: number; max: number }): string {
  const text = pdfText(buffer);
  const expected = expectedReportContent(report);
  expect(expected.recommendations.length).toBeGreaterThan(0);
  // Cited facts and passages are evidence too: their titles must reach the reader.
  expect(expected.citedEvidenceTitles.length).toBeGreaterThan(5);
  for (const heading of expected.headings) expect(text, heading).toContain(heading);
  for (const recommendation of expected.recommendations) expect(text, recommendation).toContain(collapseWhitespace(recommendation));
  for (const title of expected.citedEvidenceTitles) expect(text, title).toContain(collapseWhitespace(title));
  const count = pdfPageCount(buffer);
  expect(count).toBeGreaterThanOrEqual(pages.min);
  expect(count).toBeLessThanOrEqual(pages.max);
  return text;
}
