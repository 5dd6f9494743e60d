import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  buildHostileReport,
  buildSampleReport,
  expectedReportContent,
  HOSTILE_TEXTS,
  HOSTILE_URLS,
  UNKNOWN_EVIDENCE_IDS,
} from '../../../test/support/sample-report.js';
import type { Report } from '../model/report.js';
import { HTML_ELEMENTS, renderHtml } from './html.js';
import { REPORT_SECTIONS } from './section-titles.js';

function load(report: Report) {
  const html = renderHtml(report);
  const { document } = parseHTML(html);
  const all = [...document.querySelectorAll('*')];
  const text = (selector: string) => [...document.querySelectorAll(selector)].map((element) => normalize(element.textContent ?? ''));
  return { html, document, all, text, body: normalize(document.body.textContent ?? '') };
}

function normalize(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function safeEvidenceUrls(report: Report): string[] {
  return report.evidence.flatMap((evidence) => (evidence.url !== undefined && /^https?:\/\//.test(evidence.url) ? [new URL(evidence.url).href] : []));
}

describe('renderHtml with the sample report', () => {
  const report = buildSampleReport();
  const { html, document, all, text, body } = load(report);
  const expected = expectedReportContent(report);

  it('is one UTF-8 document with a language and a policy that forbids scripts and fetches', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en"')).toBe(true);
    expect(document.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8');
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    const styles = document.querySelectorAll('style');
    expect(styles).toHaveLength(1);
    const css = styles[0]!.textContent ?? '';
    // The stylesheet is allowed by its exact hash, so a browser applies it and nothing else.
    expect(policy).toContain(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
    expect(css).not.toMatch(/url\(|@import/);
    expect(css).toContain('@media print');
    expect(all.filter((element) => element.hasAttribute('src') || element.hasAttribute('style'))).toEqual([]);
    expect(document.querySelectorAll('script, link, img, iframe, object, embed, form')).toHaveLength(0);
  });

  it('has the cover and every section heading', () => {
    expect(text('h1')).toEqual(['Lumen Ridge Coffee Co. (LRCC)']);
    const cover = text('header.cover dd').join(' | ');
    for (const value of ['LRCC', '0009990001', 'Specialty coffee retail', '2025-03-03', 'Standard', "Porter's Five Forces, SWOT, PESTEL, Blue Ocean Strategy", 'Succeeded']) {
      expect(cover).toContain(value);
    }
    expect(text('main > section > h2')).toEqual(Object.values(REPORT_SECTIONS).map((section) => section.title));
    const headings = text('h2, h3');
    for (const heading of expected.headings) expect(headings, heading).toContain(heading);
    expect(text('nav.toc a')).toEqual(Object.values(REPORT_SECTIONS).map((section) => section.title));
  });

  it('shows every recommendation and every cited evidence title', () => {
    for (const recommendation of expected.recommendations) expect(body).toContain(recommendation);
    for (const title of expected.citedEvidenceTitles) expect(text('ol.evidence .evidence-title').some((entry) => entry.startsWith(title)), title).toBe(true);
  });

  it('links each [n] to the appendix entry of the evidence it cites', () => {
    const citations = [...document.querySelectorAll('.citations a')];
    expect(citations.length).toBeGreaterThan(10);
    const firstSeen: number[] = [];
    for (const link of citations) {
      const number = Number(/^\[(\d+)\]$/.exec(link.textContent ?? '')?.[1]);
      if (!firstSeen.includes(number)) firstSeen.push(number);
      const target = document.getElementById(`evidence-${number}`);
      expect(link.getAttribute('href')).toBe(`#evidence-${number}`);
      expect(normalize(target?.querySelector('.evidence-title')?.textContent ?? '')).toContain(link.getAttribute('title'));
    }
    expect(firstSeen).toEqual(Array.from({ length: expected.citedIds.length }, (_, index) => index + 1));
    expect(document.querySelectorAll('ol.evidence > li')).toHaveLength(report.evidence.length);
  });

  it('links out only to the evidence URLs, without opener or referrer', () => {
    const external = [...document.querySelectorAll('a')].filter((link) => !(link.getAttribute('href') ?? '').startsWith('#'));
    expect(external.map((link) => link.getAttribute('href')).sort()).toEqual(safeEvidenceUrls(report).sort());
    for (const link of external) expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('draws Porter ratings and quality scores as bars', () => {
    const porterBars = document.querySelectorAll('#framework-porter td svg');
    expect(porterBars).toHaveLength(5);
    const widths = [...porterBars].map((svg) => svg.querySelectorAll('rect')[1]?.getAttribute('width'));
    expect(widths).toEqual(['51.2', '25.6', '51.2', '38.4', '38.4']);
    expect(document.querySelectorAll('#quality-review svg').length).toBeGreaterThanOrEqual(6);
  });

  it('is the same string every time', () => {
    expect(renderHtml(buildSampleReport())).toBe(html);
  });
});

describe('renderHtml with hostile content', () => {
  const report = buildHostileReport();
  const { html, document, all, text, body } = load(report);

  it('contains only the elements and attributes the renderer writes', () => {
    const allowed = new Set<string>(HTML_ELEMENTS);
    expect(all.map((element) => element.tagName.toLowerCase()).filter((tag) => !allowed.has(tag))).toEqual([]);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('style')).toHaveLength(1);
    expect(document.querySelectorAll('h1')).toHaveLength(1);
    const handlers = all.flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name));
    expect(handlers).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    for (const value of [HOSTILE_TEXTS.script, HOSTILE_TEXTS.imageHandler, HOSTILE_TEXTS.closingMarkup]) expect(html.includes(value)).toBe(false);
  });

  it('never links anything but http(s) URLs and anchors that exist', () => {
    const hrefs = [...document.querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? '');
    for (const href of hrefs) {
      if (href.startsWith('#')) expect(document.getElementById(href.slice(1)), href).not.toBeNull();
      else expect(href).toMatch(/^https?:\/\/[^/]/);
    }
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    const external = hrefs.filter((href) => !href.startsWith('#'));
    expect(external.sort()).toEqual(safeEvidenceUrls(report).sort());
  });

  it('shows unsafe URLs as text', () => {
    const shown = text('.unsafe-url');
    for (const url of HOSTILE_URLS.filter((value) => !value.startsWith('https://'))) expect(shown, url).toContain(normalize(url));
  });

  it('round-trips every hostile text as text', () => {
    for (const [name, value] of Object.entries(HOSTILE_TEXTS)) expect(body.includes(normalize(value)), name).toBe(true);
    expect(normalize(document.querySelector('title')?.textContent ?? '')).toContain(HOSTILE_TEXTS.script);
  });

  it('isolates right-to-left text', () => {
    const isolated = text('bdi');
    expect(isolated).toContain(HOSTILE_TEXTS.hebrew);
    expect(isolated).toContain(normalize(HOSTILE_TEXTS.bidiOverride));
    expect(document.querySelectorAll('p[dir="auto"]').length).toBeGreaterThan(5);
  });

  it('marks citations of ids that are not in the evidence', () => {
    const markers = text('.unverified');
    for (const id of UNKNOWN_EVIDENCE_IDS) expect(markers).toContain(`[unverified: ${id}]`);
    expect(body).toMatch(/2 cited id\(s\) are not in this report's evidence/);
  });

  it('warns that the report is partial', () => {
    expect(text('header.cover .notice').join(' ')).toContain('Partial report.');
  });
});
