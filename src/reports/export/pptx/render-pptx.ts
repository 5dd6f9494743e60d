import pptxgenModule from 'pptxgenjs';
import { ERRC_ACTIONS, SWOT_QUADRANTS } from '../../model/frameworks.js';
import type { BlueOceanResult, CitedItem, PestelResult, PorterResult, SwotResult } from '../../model/frameworks.js';
import type { Report } from '../../model/report.js';
import { capitalize, formatDate } from '../../render/format.js';
import { buildCitationIndex } from '../citation-index.js';
import type { CitationIndex } from '../citation-index.js';
import { pestelImpacts, porterBars, strategyCanvas } from '../chart-data.js';
import { FONT_FACE, QUADRANT_FILLS, SLIDE_COLORS, slideText } from './pptx-theme.js';

// pptxgenjs's declarations describe a CommonJS module whose default export is the class, while
// Node's ESM import of its ES build yields the class itself: accept either shape.
type PptxGenJS = InstanceType<typeof pptxgenModule.default>;
type Slide = ReturnType<PptxGenJS['addSlide']>;
const PptxGenJSClass: typeof pptxgenModule.default =
  (pptxgenModule as unknown as { default?: typeof pptxgenModule.default }).default ?? (pptxgenModule as unknown as typeof pptxgenModule.default);

const WIDTH = 13.333;
const MARGIN = 0.5;
const CONTENT_WIDTH = WIDTH - 2 * MARGIN;

interface DeckContext {
  deck: PptxGenJS;
  report: Report;
  citations: CitationIndex;
}

function cited(item: CitedItem, citations: CitationIndex, maximum: number): string {
  const markers = citations.markers(item.evidenceIds);
  return `${slideText(item.text, maximum)}${markers.length > 0 ? ` ${markers}` : ''}`;
}

function contentSlide(context: DeckContext, title: string, subtitle?: string): Slide {
  const slide = context.deck.addSlide();
  slide.background = { color: SLIDE_COLORS.white };
  slide.addShape(context.deck.ShapeType.rect, { x: 0, y: 0, w: WIDTH, h: 0.12, fill: { color: SLIDE_COLORS.accent }, line: { color: SLIDE_COLORS.accent } });
  slide.addText(slideText(title, 90), { x: MARGIN, y: 0.3, w: CONTENT_WIDTH, h: 0.6, fontFace: FONT_FACE, fontSize: 26, bold: true, color: SLIDE_COLORS.accent });
  if (subtitle !== undefined) slide.addText(slideText(subtitle, 260), { x: MARGIN, y: 0.9, w: CONTENT_WIDTH, h: 0.6, fontFace: FONT_FACE, fontSize: 13, color: SLIDE_COLORS.muted, valign: 'top' });
  const footer = `${slideText(context.report.company.name, 80)} · Strategy analysis · ${formatDate(context.report.createdAt)} · Sources [n] refer to the report's evidence appendix`;
  slide.addText(footer, { x: MARGIN, y: 7.05, w: CONTENT_WIDTH, h: 0.3, fontFace: FONT_FACE, fontSize: 9, color: SLIDE_COLORS.muted });
  return slide;
}

function bullets(items: readonly string[], fontSize: number) {
  return items.map((item) => ({ text: item, options: { bullet: true, breakLine: true, fontSize, color: SLIDE_COLORS.ink, paraSpaceAfter: 6 } }));
}

function titleSlide({ deck, report }: DeckContext): void {
  const slide = deck.addSlide();
  slide.background = { color: SLIDE_COLORS.accent };
  const name = report.company.ticker === undefined ? report.company.name : `${report.company.name} (${report.company.ticker})`;
  slide.addText('CONSULTANTOS · STRATEGY REPORT', { x: MARGIN + 0.3, y: 1.4, w: CONTENT_WIDTH, h: 0.4, fontFace: FONT_FACE, fontSize: 12, bold: true, color: SLIDE_COLORS.accentLight, charSpacing: 3 });
  slide.addText(slideText(name, 120), { x: MARGIN + 0.3, y: 2.0, w: CONTENT_WIDTH - 0.6, h: 1.8, fontFace: FONT_FACE, fontSize: 40, bold: true, color: SLIDE_COLORS.white, valign: 'top', fit: 'shrink' });
  const industry = report.company.industry ?? report.request.industry;
  const subtitle = ['Strategy analysis', industry, formatDate(report.createdAt)].filter((part) => part !== undefined && part.length > 0).join(' · ');
  slide.addText(slideText(subtitle, 200), { x: MARGIN + 0.3, y: 4.0, w: CONTENT_WIDTH - 0.6, h: 0.5, fontFace: FONT_FACE, fontSize: 18, color: 'DBE6F3' });
  const facts = `Confidence ${capitalize(report.confidence.level)} (${Math.round(report.confidence.score)}/100) · Quality ${Math.round(report.quality.overall)}/100 · Version ${report.version}`;
  slide.addText(facts, { x: MARGIN + 0.3, y: 5.2, w: CONTENT_WIDTH - 0.6, h: 0.4, fontFace: FONT_FACE, fontSize: 14, color: SLIDE_COLORS.white });
}

function executiveSlide(context: DeckContext): void {
  const { synthesis } = context.report;
  const slide = contentSlide(context, 'Executive brief');
  slide.addText(`${slideText(synthesis.executiveSummary, 700)} ${context.citations.markers(synthesis.summaryEvidenceIds)}`.trim(), {
    x: MARGIN, y: 1.1, w: CONTENT_WIDTH * 0.48, h: 5.6, fontFace: FONT_FACE, fontSize: 15, color: SLIDE_COLORS.ink, valign: 'top', fit: 'shrink',
  });
  slide.addText('KEY FINDINGS', { x: MARGIN + CONTENT_WIDTH * 0.52, y: 1.1, w: CONTENT_WIDTH * 0.48, h: 0.4, fontFace: FONT_FACE, fontSize: 12, bold: true, color: SLIDE_COLORS.accent });
  slide.addText(bullets(synthesis.keyFindings.slice(0, 6).map((item) => cited(item, context.citations, 200)), 13), {
    x: MARGIN + CONTENT_WIDTH * 0.52, y: 1.5, w: CONTENT_WIDTH * 0.48, h: 5.2, fontFace: FONT_FACE, valign: 'top', fit: 'shrink',
  });
}

function porterSlide(context: DeckContext, porter: PorterResult): void {
  const slide = contentSlide(context, "Porter's Five Forces", porter.summary);
  // Bar charts list categories bottom-up; reversing keeps the first force at the top.
  const bars = porterBars(porter);
  const chartBars = [...bars].reverse();
  slide.addChart(context.deck.ChartType.bar, [{ name: 'Rating', labels: chartBars.map((bar) => slideText(bar.label, 40)), values: chartBars.map((bar) => bar.value) }], {
    x: MARGIN, y: 1.6, w: CONTENT_WIDTH * 0.6, h: 5.2, barDir: 'bar', valAxisMinVal: 0, valAxisMaxVal: 5, valAxisMajorUnit: 1,
    chartColors: [SLIDE_COLORS.accent], showValue: true, dataLabelColor: SLIDE_COLORS.ink, catAxisLabelFontSize: 12, valAxisLabelFontSize: 10,
    showTitle: true, title: 'Force ratings (1 = weak, 5 = strong)', titleFontSize: 12, titleColor: SLIDE_COLORS.muted,
  });
  const notes = porter.forces.map((force, index) => `${bars[index]!.label}: ${force.rating}/5 — ${slideText(force.rationale, 140)} ${context.citations.markers(force.evidenceIds)}`.trim());
  slide.addText([...bullets(notes, 11), { text: `Industry attractiveness: ${porter.industryAttractiveness}/5`, options: { bold: true, fontSize: 12, color: SLIDE_COLORS.accent } }], {
    x: MARGIN + CONTENT_WIDTH * 0.62, y: 1.6, w: CONTENT_WIDTH * 0.38, h: 5.2, fontFace: FONT_FACE, valign: 'top', fit: 'shrink',
  });
}

function quadrantGrid(context: DeckContext, slide: Slide, quadrants: Array<{ title: string; tone: keyof typeof QUADRANT_FILLS; items: readonly CitedItem[] }>, area: { x: number; y: number; w: number; h: number }, perQuadrant: number): void {
  const gap = 0.15;
  const width = (area.w - gap) / 2;
  const height = (area.h - gap) / 2;
  quadrants.forEach((quadrant, index) => {
    const x = area.x + (index % 2) * (width + gap);
    const y = area.y + Math.floor(index / 2) * (height + gap);
    slide.addShape(context.deck.ShapeType.rect, { x, y, w: width, h: height, fill: { color: QUADRANT_FILLS[quadrant.tone] }, line: { color: QUADRANT_FILLS[quadrant.tone] } });
    slide.addShape(context.deck.ShapeType.rect, { x, y, w: width, h: 0.06, fill: { color: SLIDE_COLORS[quadrant.tone] }, line: { color: SLIDE_COLORS[quadrant.tone] } });
    const items = quadrant.items.length === 0 ? [{ text: 'None identified.', options: { fontSize: 11, italic: true, color: SLIDE_COLORS.muted } }] : bullets(quadrant.items.slice(0, perQuadrant).map((item) => cited(item, context.citations, 150)), 11);
    slide.addText([{ text: quadrant.title.toUpperCase(), options: { bold: true, fontSize: 12, color: SLIDE_COLORS[quadrant.tone], breakLine: true } }, ...items], {
      x: x + 0.1, y: y + 0.12, w: width - 0.2, h: height - 0.2, fontFace: FONT_FACE, valign: 'top', fit: 'shrink',
    });
  });
}

function swotSlide(context: DeckContext, swot: SwotResult): void {
  const slide = contentSlide(context, 'SWOT', swot.summary);
  const tones = { strengths: 'positive', weaknesses: 'negative', opportunities: 'info', threats: 'warning' } as const;
  quadrantGrid(context, slide, SWOT_QUADRANTS.map((name) => ({ title: capitalize(name), tone: tones[name], items: swot[name] })), { x: MARGIN, y: 1.6, w: CONTENT_WIDTH, h: 5.3 }, 4);
}

function pestelSlide(context: DeckContext, pestel: PestelResult): void {
  const slide = contentSlide(context, 'PESTEL', pestel.summary);
  const impacts = pestelImpacts(pestel).reverse();
  const labels = impacts.map((row) => row.factor);
  slide.addChart(
    context.deck.ChartType.bar,
    [
      { name: 'Positive', labels, values: impacts.map((row) => row.positive) },
      { name: 'Neutral', labels, values: impacts.map((row) => row.neutral) },
      { name: 'Negative', labels, values: impacts.map((row) => row.negative) },
    ],
    {
      x: MARGIN, y: 1.6, w: CONTENT_WIDTH * 0.5, h: 5.2, barDir: 'bar', barGrouping: 'stacked', valAxisMajorUnit: 1,
      chartColors: [SLIDE_COLORS.positive, SLIDE_COLORS.neutral, SLIDE_COLORS.negative], showLegend: true, legendPos: 'b',
      showTitle: true, title: 'Findings by factor and impact', titleFontSize: 12, titleColor: SLIDE_COLORS.muted,
    },
  );
  const factors = ['political', 'economic', 'social', 'technological', 'environmental', 'legal'] as const;
  const lines = factors.flatMap((factor) => pestel[factor].slice(0, 1).map((item) => `${capitalize(factor)} (${item.impact}): ${cited(item, context.citations, 130)}`));
  slide.addText(bullets(lines, 11), { x: MARGIN + CONTENT_WIDTH * 0.52, y: 1.6, w: CONTENT_WIDTH * 0.48, h: 5.2, fontFace: FONT_FACE, valign: 'top', fit: 'shrink' });
}

function blueOceanSlide(context: DeckContext, blueOcean: BlueOceanResult): void {
  const slide = contentSlide(context, 'Blue Ocean Strategy', blueOcean.summary);
  const canvas = strategyCanvas(blueOcean);
  if (canvas.factors.length > 0) {
    const labels = canvas.factors.map((factor) => slideText(factor, 30));
    slide.addChart(context.deck.ChartType.line, [{ name: 'Company', labels, values: canvas.company }, { name: 'Competitors', labels, values: canvas.competitors }], {
      x: MARGIN, y: 1.6, w: CONTENT_WIDTH * 0.55, h: 5.2, valAxisMinVal: 0, valAxisMaxVal: 10, valAxisMajorUnit: 2, lineSize: 3, lineDataSymbolSize: 8,
      chartColors: [SLIDE_COLORS.accent, SLIDE_COLORS.neutral], showLegend: true, legendPos: 'b', catAxisLabelFontSize: 10,
      showTitle: true, title: 'Strategy canvas (offering level 0–10)', titleFontSize: 12, titleColor: SLIDE_COLORS.muted,
    });
  }
  const tones = { eliminate: 'negative', reduce: 'warning', raise: 'info', create: 'positive' } as const;
  const x = canvas.factors.length > 0 ? MARGIN + CONTENT_WIDTH * 0.57 : MARGIN;
  const w = canvas.factors.length > 0 ? CONTENT_WIDTH * 0.43 : CONTENT_WIDTH;
  quadrantGrid(context, slide, ERRC_ACTIONS.map((action) => ({ title: capitalize(action), tone: tones[action], items: blueOcean[action] })), { x, y: 1.6, w, h: 5.3 }, 3);
}

function recommendationsSlide(context: DeckContext): void {
  const slide = contentSlide(context, 'Recommendations');
  const header = ['#', 'Recommendation', 'Priority', 'Horizon'].map((text) => ({ text, options: { bold: true, color: SLIDE_COLORS.accent, fill: { color: 'E7EEF6' } } }));
  const horizons = { now: 'Now (0–6 months)', next: 'Next (6–18 months)', later: 'Later (18+ months)' } as const;
  const rows = context.report.synthesis.recommendations.slice(0, 8).map((item, index) => [
    { text: String(index + 1) },
    { text: cited(item, context.citations, 220) },
    { text: capitalize(item.priority), options: { bold: true, color: item.priority === 'high' ? SLIDE_COLORS.negative : item.priority === 'medium' ? SLIDE_COLORS.warning : SLIDE_COLORS.neutral } },
    { text: horizons[item.horizon] },
  ]);
  slide.addTable([header, ...rows], { x: MARGIN, y: 1.1, w: CONTENT_WIDTH, colW: [0.5, 8.7, 1.3, 1.83], fontFace: FONT_FACE, fontSize: 12, color: SLIDE_COLORS.ink, valign: 'top', border: { type: 'solid', pt: 0.5, color: 'D8DEE6' }, autoPage: false });
}

/**
 * A short deck for a steering meeting: title, executive brief, one slide per framework with its
 * chart (native, editable PowerPoint charts), recommendations. Text is shortened to fit; the
 * full analysis is in the PDF and DOCX.
 */
export async function renderPptx(report: Report): Promise<Buffer> {
  const deck = new PptxGenJSClass();
  deck.layout = 'LAYOUT_WIDE';
  deck.author = 'ConsultantOS';
  deck.company = 'ConsultantOS';
  deck.title = slideText(`${report.company.name} — Strategy analysis`, 200);
  const context: DeckContext = { deck, report, citations: buildCitationIndex(report) };
  titleSlide(context);
  executiveSlide(context);
  const { porter, swot, pestel, blue_ocean: blueOcean } = report.frameworks;
  if (porter !== undefined) porterSlide(context, porter);
  if (swot !== undefined) swotSlide(context, swot);
  if (pestel !== undefined) pestelSlide(context, pestel);
  if (blueOcean !== undefined) blueOceanSlide(context, blueOcean);
  recommendationsSlide(context);
  // Like DOCX and XLSX, a zip: built whole and returned as one Buffer.
  const output = await deck.write({ outputType: 'nodebuffer', compression: true });
  return Buffer.isBuffer(output) ? output : Buffer.from(output as Uint8Array);
}
