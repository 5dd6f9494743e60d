import { describe, expect, it } from 'vitest';
import { popplerAvailable, pdfPageCount, pdfText } from '../../../../test/support/export-readers.js';
import { buildHostileReport, buildSampleReport, expectedReportContent, HOSTILE_TEXTS } from '../../../../test/support/sample-report.js';
import { DrawableText, loadFonts, MISSING_GLYPH_MARKER } from './pdf-fonts.js';
import { createPdfStream, renderPdf } from './render-pdf.js';

const poppler = popplerAvailable();

// Rendering is CPU-bound; shared CI machines can be slow, so allow more than the default.
describe('renderPdf', { timeout: 120_000 }, () => {
  it('produces a PDF document', async () => {
    const buffer = await renderPdf(buildSampleReport());
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buffer.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    // The DejaVu font is embedded (subset), not referenced.
    expect(buffer.toString('latin1')).toMatch(/\/FontFile2/);
  });

  it.skipIf(!poppler)('shows every section heading, recommendation and cited evidence title', async () => {
    const report = buildSampleReport();
    const buffer = await renderPdf(report);
    const text = pdfText(buffer);
    const expected = expectedReportContent(report);
    for (const heading of expected.headings) expect(text, heading).toContain(heading);
    for (const recommendation of expected.recommendations) expect(text, recommendation).toContain(recommendation);
    for (const title of expected.citedEvidenceTitles) expect(text, title).toContain(title);
    expect(text).toContain('Contents');
    expect(text).toMatch(/Page 3 of \d+/);
    const pages = pdfPageCount(buffer);
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(30);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });

  it.skipIf(!poppler)('draws the charts with their labels', async () => {
    const text = pdfText(await renderPdf(buildSampleReport()));
    expect(text).toContain('FORCE RATINGS');
    expect(text).toContain('STRATEGY CANVAS');
    expect(text).toContain('Mobile pickup speed');
    expect(text).toContain('Revenue growth · FY 2024');
    expect(text).toContain('9.74%');
  });

  it.skipIf(!poppler)('renders hostile content as text, marks glyphs it cannot draw and never crashes', async () => {
    const report = buildHostileReport();
    const buffer = await renderPdf(report);
    const text = pdfText(buffer);
    expect(text).toContain(HOSTILE_TEXTS.script);
    expect(text).toContain(HOSTILE_TEXTS.formulaCommand);
    expect(text).toContain(MISSING_GLYPH_MARKER);
    expect(text).toContain('cannot draw');
    // Hebrew is in the embedded font and comes back as Hebrew text.
    expect(text).toContain('החברה');
    // The 5,000-character cells split across pages instead of being cut.
    const longWords = text.split('Long <b>unbroken</b> text').length - 1;
    expect(longWords).toBeGreaterThan(80);
    for (const recommendation of expectedReportContent(report).recommendations) expect(text).toContain(recommendation);
    const pages = pdfPageCount(buffer);
    expect(pages).toBeGreaterThan(pdfPageCount(await renderPdf(buildSampleReport())));
    expect(pages).toBeLessThan(80);
  });

  it('streams the same document it buffers', async () => {
    const report = buildSampleReport();
    const chunks: Buffer[] = [];
    for await (const chunk of createPdfStream(report)) chunks.push(chunk as Buffer);
    const streamed = Buffer.concat(chunks);
    expect(streamed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(streamed.length).toBeGreaterThan(20_000);
  });

  it('renders a report without financials or frameworks', async () => {
    const report = buildSampleReport({ financials: undefined, frameworks: {} });
    const buffer = await renderPdf(report);
    if (poppler) expect(pdfText(buffer)).toContain('No financial data was available for this report.');
    else expect(buffer.length).toBeGreaterThan(10_000);
  });
});

describe('DrawableText', () => {
  const drawable = () => new DrawableText(loadFonts().coverage);

  it('keeps what the font covers', () => {
    const text = drawable();
    expect(text.clean('Café – “quoted” ₂ € Ελληνικά Кириллица')).toBe('Café – “quoted” ₂ € Ελληνικά Кириллица');
    expect(text.replacedCharacters).toBe(0);
  });

  it('replaces each run of missing glyphs with one marker and counts them', () => {
    const text = drawable();
    expect(text.clean('A 战略 分析 B 📈🚀 C')).toBe(`A ${MISSING_GLYPH_MARKER} B ${MISSING_GLYPH_MARKER} C`);
    expect(text.replacedCharacters).toBe(6);
  });

  it('drops controls and direction overrides, keeping line breaks', () => {
    expect(drawable().clean('invoice \u202Efdp.exe\u202C\u0000 done\nnext\tline')).toBe('invoice fdp.exe done\nnext line');
  });
});
