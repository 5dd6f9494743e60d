import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import {
  buildHostileReport,
  buildSampleReport,
  expectedReportContent,
  HOSTILE_TEXTS,
  UNKNOWN_EVIDENCE_IDS,
} from '../../../test/support/sample-report.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_SECTIONS } from './section-titles.js';

// A real CommonMark + GFM-tables parser, with raw HTML and bare-URL linking switched on, so any
// structure that content manages to inject shows up as tokens. Like GFM, it links bare
// `https://`, `//`, `www.` and e-mail addresses but not bare domains.
const parser = new MarkdownIt({ html: true, linkify: true });
parser.linkify.set({ fuzzyLink: false });
// markdown-it alone also links bare domains (`evil.com`); those must at least be http(s).
const fuzzyParser = new MarkdownIt({ html: true, linkify: true });

const ISOLATES = /[\u2068\u2069]/g;

function flatten(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => [token, ...flatten(token.children ?? [])]);
}

function inlineText(token: Token): string {
  return (token.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('')
    .replace(ISOLATES, '');
}

function parse(markdown: string) {
  const tokens = parser.parse(markdown, {});
  const all = flatten(tokens);
  const headings = tokens.flatMap((token, index) => (token.type === 'heading_open' ? [{ level: token.tag, text: inlineText(tokens[index + 1]!) }] : []));
  const text = tokens.filter((token) => token.type === 'inline').map(inlineText).join('\n');
  return { tokens, all, headings, text };
}

function normalize(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

interface TableShape {
  header: string[];
  rows: string[][];
}

/** Every table as the parser sees it: header texts and each body row's cell texts. */
function tables(tokens: readonly Token[]): TableShape[] {
  const found: TableShape[] = [];
  let current: TableShape | undefined;
  let row: string[] = [];
  tokens.forEach((token, index) => {
    if (token.type === 'table_open') current = { header: [], rows: [] };
    if (token.type === 'tr_open') row = [];
    if (token.type === 'th_open' || token.type === 'td_open') row.push(inlineText(tokens[index + 1]!));
    if (token.type === 'tr_close' && current) {
      if (current.header.length === 0) current.header = row;
      else current.rows.push(row);
    }
    if (token.type === 'table_close' && current) found.push(current);
  });
  return found;
}

/**
 * Cell counts per source line, split the way GFM does: on pipes with no backslash before them.
 * Parsers silently drop surplus cells, so an injected pipe only shows up here.
 */
function rawTableCellCounts(markdown: string): number[][] {
  const blocks: number[][] = [];
  let current: number[] | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (current === undefined) blocks.push((current = []));
    current.push(line.split(/(?<!\\)\|/).length - 2);
  }
  return blocks;
}

describe('renderMarkdown with the sample report', () => {
  const report = buildSampleReport();
  const markdown = renderMarkdown(report);
  const parsed = parse(markdown);
  const expected = expectedReportContent(report);

  it('has a title and every section heading', () => {
    expect(parsed.headings[0]).toEqual({ level: 'h1', text: 'Lumen Ridge Coffee Co. (LRCC)' });
    const texts = parsed.headings.map((heading) => heading.text);
    for (const heading of expected.headings) expect(texts, heading).toContain(heading);
    expect(parsed.headings.filter((heading) => heading.level === 'h2').map((heading) => heading.text)).toEqual(
      Object.values(REPORT_SECTIONS).map((section) => section.title),
    );
  });

  it('shows every recommendation with its priority and horizon, and every cited evidence title', () => {
    for (const recommendation of expected.recommendations) expect(parsed.text).toContain(recommendation);
    expect(parsed.text).toContain('Now (0–6 months)');
    expect(parsed.text).toContain('Next (6–18 months)');
    for (const title of expected.citedEvidenceTitles) expect(parsed.text).toContain(title);
  });

  it('numbers citations in order of first appearance and lists them in the appendix', () => {
    const body = markdown.slice(0, markdown.indexOf(`## ${REPORT_SECTIONS.evidence.title}`));
    const seen: number[] = [];
    for (const match of body.matchAll(/\[(\d+)\]/g)) {
      const number = Number(match[1]);
      if (!seen.includes(number)) seen.push(number);
    }
    expect(seen).toEqual(Array.from({ length: expected.citedIds.length }, (_, index) => index + 1));
    // Appendix entry n is the evidence [n] points at: the first citation is the 10-K.
    expect(markdown).toMatch(/^1\. \*\*Lumen Ridge Coffee Co\. Form 10-K for fiscal 2024\*\*$/m);
    const appendixItems = markdown.slice(markdown.indexOf(`## ${REPORT_SECTIONS.evidence.title}`)).match(/^\d+\. /gm);
    expect(appendixItems).toHaveLength(report.evidence.length);
    expect(markdown).toContain('**EU deforestation regulation delayed to December 2025** (not cited)');
  });

  it('renders framework tables with one row per force, factor finding and canvas factor', () => {
    const found = tables(parsed.tokens);
    const porter = found.find((table) => table.header[0] === 'Force');
    expect(porter?.rows.map((row) => row[0])).toEqual(['Competitive rivalry', 'Threat of new entrants', 'Supplier power', 'Buyer power', 'Threat of substitutes']);
    expect(porter?.rows[0]?.[1]).toBe('████░ 4/5');
    const canvas = found.find((table) => table.header.includes('Competitors'));
    expect(canvas?.rows).toHaveLength(report.frameworks.blue_ocean!.strategyCanvas.length);
    expect(parsed.text).toContain('us-gaap:OperatingIncomeLoss');
    expect(parsed.text).toContain('0009990001-25-000007');
    expect(parsed.text).toContain('OperatingIncomeLoss ÷ Revenues');
  });

  it('links evidence URLs and nothing else', () => {
    const links = parsed.all.filter((token) => token.type === 'link_open').map((token) => token.attrGet('href'));
    const urls = report.evidence.flatMap((evidence) => (evidence.url === undefined ? [] : [evidence.url]));
    expect(links).toEqual(urls);
  });

  it('is the same string every time', () => {
    expect(renderMarkdown(buildSampleReport())).toBe(markdown);
  });
});

describe('renderMarkdown with hostile content', () => {
  const report = buildHostileReport();
  const markdown = renderMarkdown(report);
  const parsed = parse(markdown);
  const expected = expectedReportContent(report);

  it('lets no raw HTML, code, image or heading through', () => {
    const types = new Set(parsed.all.map((token) => token.type));
    for (const type of ['html_block', 'html_inline', 'image', 'code_inline', 'code_block', 'fence', 's_open']) expect(types.has(type), type).toBe(false);
    const allowed = new Set([...expected.headings, 'Strengths', 'Weaknesses', 'Opportunities', 'Threats', 'Eliminate', 'Reduce', 'Raise', 'Create']);
    const [title, ...rest] = parsed.headings;
    expect(title?.text).toContain(HOSTILE_TEXTS.script);
    expect(rest.filter((heading) => !allowed.has(heading.text))).toEqual([]);
    expect(parsed.all.filter((token) => token.type === 'hr')).toHaveLength(1);
  });

  it('links only the http(s) evidence URLs, never a URL written in content', () => {
    const hrefs = parsed.all.filter((token) => token.type === 'link_open').map((token) => token.attrGet('href'));
    const safe = report.evidence.flatMap((evidence) => (evidence.url !== undefined && /^https?:\/\//.test(evidence.url) ? [new URL(evidence.url).href] : []));
    expect([...hrefs].sort()).toEqual([...safe].sort());
    const fuzzyHrefs = flatten(fuzzyParser.parse(markdown, {})).filter((token) => token.type === 'link_open').map((token) => token.attrGet('href') ?? '');
    for (const href of fuzzyHrefs) expect(href).toMatch(/^https?:\/\//);
  });

  it('keeps every table column count when cells contain pipes', () => {
    const counts = rawTableCellCounts(markdown);
    expect(counts.length).toBeGreaterThan(5);
    for (const lines of counts) expect(new Set(lines)).toEqual(new Set([lines[0]]));
    const found = tables(parsed.tokens);
    expect(found).toHaveLength(counts.length);
    const recommendations = found.find((table) => table.header[1] === 'Recommendation');
    expect(recommendations?.rows).toHaveLength(report.synthesis.recommendations.length);
    expect(recommendations?.rows[0]).toEqual(['1', '+1 [1]', 'High', 'Now (0–6 months)', HOSTILE_TEXTS.pipes]);
    const canvas = found.find((table) => table.header.includes('Competitors'));
    expect(canvas?.rows.at(-1)?.[0]).toBe(HOSTILE_TEXTS.pipes);
  });

  it('shows every hostile text as the same characters', () => {
    const text = normalize(parsed.text);
    for (const [name, value] of Object.entries(HOSTILE_TEXTS)) expect(text.includes(normalize(value)), name).toBe(true);
  });

  it('marks citations of ids that are not in the evidence', () => {
    for (const id of UNKNOWN_EVIDENCE_IDS) expect(parsed.text).toContain(`[unverified: ${id}]`);
  });

  it('isolates right-to-left text so it cannot reorder its neighbours', () => {
    expect(markdown).toContain(`\u2068${HOSTILE_TEXTS.hebrew}\u2069`);
  });
});
