import { AlignmentType, Document, Footer, HeadingLevel, LevelFormat, Packer, PageBreak, PageNumber, Paragraph, TableOfContents, TextRun } from 'docx';
import type { FileChild } from 'docx';
import type { Report } from '../../model/report.js';
import { buildReportDocument } from '../../render/build-document.js';
import type { ReportDocument, Section } from '../../render/document-model.js';
import { CHAPTER_SECTION_IDS } from '../chapters.js';
import { xmlSafeText } from '../xml-text.js';
import { blockChildren, ListNumbering, ORDERED_LIST_REFERENCE } from './docx-blocks.js';
import { DOCX_COLORS, textRuns } from './docx-inlines.js';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;
const FONT = 'Calibri';

function sectionChildren(section: Section, depth: number, numbering: ListNumbering): FileChild[] {
  const heading = new Paragraph({
    heading: HEADINGS[Math.min(depth, HEADINGS.length) - 1]!,
    children: textRuns(section.title),
    pageBreakBefore: CHAPTER_SECTION_IDS.has(section.id),
  });
  return [
    heading,
    ...section.blocks.flatMap((block) => blockChildren(block, numbering)),
    ...section.subsections.flatMap((subsection) => sectionChildren(subsection, depth + 1, numbering)),
  ];
}

function cover(document: ReportDocument, numbering: ListNumbering): FileChild[] {
  return [
    new Paragraph({ children: textRuns('ConsultantOS · Strategy report'.toUpperCase(), { bold: true, color: DOCX_COLORS.muted, size: 18 }), spacing: { after: 240 } }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: textRuns(document.title) }),
    new Paragraph({ children: textRuns(document.subtitle, { color: DOCX_COLORS.muted, size: 26 }), spacing: { after: 360 } }),
    ...document.cover.flatMap((block) => blockChildren(block, numbering)),
    new Paragraph({ children: [new PageBreak()] }),
    // Not a heading style, so the table of contents does not list itself.
    new Paragraph({ children: textRuns('Contents', { bold: true, color: DOCX_COLORS.accent, size: 32 }), spacing: { after: 160 } }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-2' }),
  ];
}

/**
 * Renders a stored report as an editable Word document from the same outline as every other
 * format: real heading styles (so Word's navigation pane and table of contents work), real
 * tables with repeating header rows, citation markers linked to bookmarked appendix entries.
 */
export function buildDocx(report: Report): Document {
  const document = buildReportDocument(report);
  const numbering = new ListNumbering();
  const children = [...cover(document, numbering), ...document.sections.flatMap((section) => sectionChildren(section, 1, numbering))];
  return new Document({
    creator: 'ConsultantOS',
    title: xmlSafeText(`${document.title} — ${document.subtitle}`),
    description: xmlSafeText(document.footer),
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: FONT, size: 20, color: DOCX_COLORS.ink } },
        title: { run: { font: FONT, size: 56, bold: true, color: DOCX_COLORS.accent } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: DOCX_COLORS.accent }, paragraph: { spacing: { before: 240, after: 120 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: DOCX_COLORS.ink }, paragraph: { spacing: { before: 240, after: 100 } } },
        heading3: { run: { font: FONT, size: 22, bold: true, color: DOCX_COLORS.ink }, paragraph: { spacing: { before: 200, after: 80 } } },
      },
    },
    numbering: {
      config: [{ reference: ORDERED_LIST_REFERENCE, levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360, hanging: 260 } } } }] }],
    },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ text: xmlSafeText(`${document.footer} · Page `), size: 14, color: DOCX_COLORS.muted }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 14, color: DOCX_COLORS.muted }),
                  new TextRun({ text: ' of ', size: 14, color: DOCX_COLORS.muted }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 14, color: DOCX_COLORS.muted }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

/** DOCX is a zip whose directory comes last, so it is built whole and returned as one Buffer. */
export function renderDocx(report: Report): Promise<Buffer> {
  return Packer.toBuffer(buildDocx(report));
}
