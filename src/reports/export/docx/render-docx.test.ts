import { describe, expect, it } from 'vitest';
import { xmlText, zipEntries } from '../../../../test/support/export-readers.js';
import { buildHostileReport, buildSampleReport, expectedReportContent, HOSTILE_TEXTS } from '../../../../test/support/sample-report.js';
import { renderDocx } from './render-docx.js';

async function documentXml(buffer: Buffer): Promise<string> {
  const entries = await zipEntries(buffer);
  const xml = entries.get('word/document.xml');
  expect(xml, 'word/document.xml').toBeDefined();
  return xml!;
}

/** The text of every paragraph styled as a heading, in order. */
function headingTexts(xml: string): string[] {
  const paragraphs = xml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? [];
  return paragraphs.filter((paragraph) => /<w:pStyle w:val="Heading\d"\/>/.test(paragraph)).map(xmlText);
}

// Rendering is CPU-bound; shared CI machines can be slow, so allow more than the default.
describe('renderDocx', { timeout: 120_000 }, () => {
  it('has real headings for every section, tables, and every recommendation and cited title', async () => {
    const report = buildSampleReport();
    const xml = await documentXml(await renderDocx(report));
    const expected = expectedReportContent(report);
    const headings = headingTexts(xml);
    for (const heading of expected.headings) expect(headings, heading).toContain(heading);
    const text = xmlText(xml);
    for (const recommendation of expected.recommendations) expect(text).toContain(recommendation);
    for (const title of expected.citedEvidenceTitles) expect(text).toContain(title);
    // Recommendations, Porter, PESTEL, canvas, metrics, facts, quality, usage... are tables.
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(10);
    expect(xml).toContain('<w:tblHeader/>');
    // A table of contents field and bookmarked appendix entries the [n] markers link to.
    expect(xml).toMatch(/TOC \\h \\o/);
    expect(xml).toContain('w:name="evidence_1"');
    expect(xml).toContain('w:anchor="evidence_1"');
  });

  it('escapes hostile content and keeps it as text', async () => {
    const report = buildHostileReport();
    const buffer = await renderDocx(report);
    const entries = await zipEntries(buffer);
    const xml = entries.get('word/document.xml')!;
    expect(xml).not.toContain('<script>');
    const text = xmlText(xml);
    expect(text).toContain(HOSTILE_TEXTS.script);
    expect(text).toContain(HOSTILE_TEXTS.cjk);
    expect(text).toContain(HOSTILE_TEXTS.arabic);
    expect(text).toContain(HOSTILE_TEXTS.formulaCommand);
    expect(text).toContain(HOSTILE_TEXTS.long.slice(0, 200));
    // Only http(s) URLs become external links.
    const relationships = entries.get('word/_rels/document.xml.rels') ?? '';
    expect(relationships).not.toMatch(/javascript:|data:text|vbscript:/i);
  });

  it('turns characters XML cannot carry into a replacement character', async () => {
    const report = buildSampleReport();
    report.synthesis.keyFindings[0]!.text = 'Bell\u0007 and null\u0000 characters';
    const text = xmlText(await documentXml(await renderDocx(report)));
    expect(text).toContain('Bell\ufffd and null\ufffd characters');
  });
});
