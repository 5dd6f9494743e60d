import { normalizeWhitespace } from '../documents/passages.js';

export type SectionKey = 'business' | 'risk-factors' | 'mdna';

export const SECTION_LABELS: Readonly<Record<SectionKey, string>> = {
  business: 'Business',
  'risk-factors': 'Risk Factors',
  mdna: "Management's Discussion and Analysis",
};

/** An "Item N." heading found in a filing, with the part it sits in. */
export interface ItemHeading {
  /** Paragraph index. */
  index: number;
  /** `1`, `1A`, `7`, `2.02`. */
  item: string;
  /** `I`…`IV` when the filing has parts. */
  part?: string;
  /** The heading as written. */
  text: string;
}

export interface FilingSection {
  key: SectionKey;
  /** `Item 1A. Risk Factors` as the filing writes it. */
  heading: string;
  item: string;
  /** The section's paragraphs (heading excluded), separated by blank lines. */
  text: string;
}

interface Target {
  key: SectionKey;
  item: string;
  part?: string;
}

/**
 * Where each section sits, by form: a 10-K numbers items across the filing; a 10-Q restarts
 * them in Part II (MD&A is Part I Item 2, risk factors Part II Item 1A); a 20-F covers the
 * business in Item 4, risks in Item 3 (Key Information, 3.D) and the review in Item 5.
 */
const TARGETS: readonly { forms: RegExp; targets: readonly Target[] }[] = [
  { forms: /^10-K/, targets: [{ key: 'business', item: '1' }, { key: 'risk-factors', item: '1A' }, { key: 'mdna', item: '7' }] },
  { forms: /^10-Q/, targets: [{ key: 'mdna', item: '2', part: 'I' }, { key: 'risk-factors', item: '1A', part: 'II' }] },
  { forms: /^20-F/, targets: [{ key: 'business', item: '4' }, { key: 'risk-factors', item: '3' }, { key: 'mdna', item: '5' }] },
];

const ITEM_HEADING = /^item\s*(\d{1,2}(?:\.\d{1,2})?)\s*([a-d])?(?![a-z0-9])\s*[.:\-—–]?\s*(.*)$/i;
const PART_HEADING = /^part\s+(iv|i{1,3})(?![a-z])/i;
const MAX_HEADING_CHARS = 250;

/** Paragraphs, with "Item"/"Part" lines of plain-text filings split off as their own. */
export function filingParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n(?=[ \t]*(?:item|part)\s+[0-9ivx]+)/gi, '\n\n')
    .split(/\n[ \t]*\n/)
    .map(normalizeWhitespace)
    .filter((paragraph) => paragraph.length > 0);
}

/** Every item heading (table of contents included), with the part each falls in. */
export function findItemHeadings(paragraphs: readonly string[]): ItemHeading[] {
  const headings: ItemHeading[] = [];
  let part: string | undefined;
  paragraphs.forEach((paragraph, index) => {
    if (paragraph.length > MAX_HEADING_CHARS) return;
    const partMatch = PART_HEADING.exec(paragraph);
    if (partMatch) {
      part = (partMatch[1] as string).toUpperCase();
      return;
    }
    const match = ITEM_HEADING.exec(paragraph);
    if (!match) return;
    const item = `${match[1] as string}${(match[2] ?? '').toUpperCase()}`;
    headings.push(part === undefined ? { index, item, text: paragraph } : { index, item, part, text: paragraph });
  });
  return headings;
}

/** Paragraph indexes of part headings, which also end the item before them. */
function partIndexes(paragraphs: readonly string[]): number[] {
  return paragraphs.flatMap((paragraph, index) => (paragraph.length <= MAX_HEADING_CHARS && PART_HEADING.test(paragraph) ? [index] : []));
}

/**
 * Cuts Business, Risk Factors and MD&A out of a 10-K, 10-Q or 20-F. Headings appear twice
 * (table of contents, then the body), so each section is the occurrence followed by the most
 * text before the next heading. Sections the filing does not have (risk factors before 2005,
 * an MD&A incorporated by reference) are simply absent or short; other forms give none.
 */
export function extractSections(text: string, form: string): FilingSection[] {
  const targets = TARGETS.find((entry) => entry.forms.test(form.toUpperCase()))?.targets;
  if (targets === undefined) return [];
  const paragraphs = filingParagraphs(text);
  const headings = findItemHeadings(paragraphs);
  const boundaries = [...headings.map((heading) => heading.index), ...partIndexes(paragraphs), paragraphs.length].sort((left, right) => left - right);
  const sections: FilingSection[] = [];
  for (const target of targets) {
    let best: { heading: ItemHeading; start: number; end: number; chars: number } | undefined;
    for (const heading of headings) {
      if (heading.item !== target.item || (target.part !== undefined && heading.part !== target.part)) continue;
      const end = boundaries.find((boundary) => boundary > heading.index) ?? paragraphs.length;
      const chars = paragraphs.slice(heading.index + 1, end).reduce((sum, paragraph) => sum + paragraph.length, 0);
      if (best === undefined || chars > best.chars) best = { heading, start: heading.index + 1, end, chars };
    }
    if (best === undefined || best.chars === 0) continue;
    const body = paragraphs.slice(best.start, best.end);
    // "Item 1A." alone on its line is followed by its title ("Risk Factors") as a short paragraph.
    const bare = /^item\s*[\d.]+[a-d]?\s*[.:\-—–]?$/i.test(best.heading.text);
    const title = bare && body[0] !== undefined && body[0].length <= 120 ? body.shift() : undefined;
    sections.push({
      key: target.key,
      heading: title === undefined ? best.heading.text : `${best.heading.text} ${title}`,
      item: target.item,
      text: body.join('\n\n'),
    });
  }
  return sections;
}
