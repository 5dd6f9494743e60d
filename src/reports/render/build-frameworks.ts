import {
  ERRC_ACTIONS,
  FRAMEWORK_NAMES,
  FRAMEWORK_TITLES,
  PESTEL_FACTORS,
  PORTER_FORCE_TITLES,
  SWOT_QUADRANTS,
} from '../model/frameworks.js';
import type {
  BlueOceanResult,
  CitedItem,
  FrameworkName,
  PestelResult,
  PorterResult,
  SwotResult,
} from '../model/frameworks.js';
import type { Report } from '../model/report.js';
import type { CitationNumbering } from './citation-numbering.js';
import { badge, meter, paragraph, section, strong, text } from './document-model.js';
import type { Block, Inline, Quadrant, Section, TableCell, Tone } from './document-model.js';
import { capitalize, formatDecimal } from './format.js';
import { REPORT_SECTIONS } from './section-titles.js';

const SWOT_TITLES = { strengths: 'Strengths', weaknesses: 'Weaknesses', opportunities: 'Opportunities', threats: 'Threats' } as const;
const SWOT_TONES: Record<keyof typeof SWOT_TITLES, Tone> = { strengths: 'positive', weaknesses: 'negative', opportunities: 'info', threats: 'warning' };
const ERRC_TITLES = { eliminate: 'Eliminate', reduce: 'Reduce', raise: 'Raise', create: 'Create' } as const;
const ERRC_TONES: Record<keyof typeof ERRC_TITLES, Tone> = { eliminate: 'negative', reduce: 'warning', raise: 'info', create: 'positive' };
const PESTEL_TITLES = {
  political: 'Political',
  economic: 'Economic',
  social: 'Social',
  technological: 'Technological',
  environmental: 'Environmental',
  legal: 'Legal',
} as const;
const IMPACT_TONES = { positive: 'positive', negative: 'negative', neutral: 'neutral' } as const;
const LEVEL_TONES = { low: 'low', medium: 'medium', high: 'high' } as const;

/** One cited statement: its text followed by its `[n]` markers. */
export function citedInlines(item: CitedItem, citations: CitationNumbering): Inline[] {
  return [text(item.text), ...citations.inline(item.evidenceIds)];
}

function citedItems(items: readonly CitedItem[], citations: CitationNumbering): Inline[][] {
  return items.map((item) => citedInlines(item, citations));
}

function porterSection(result: PorterResult, citations: CitationNumbering): Block[] {
  const rows: TableCell[][] = result.forces.map((force) => [
    [strong(PORTER_FORCE_TITLES[force.force])],
    [meter(force.rating, 5)],
    [badge(capitalize(force.level), LEVEL_TONES[force.level])],
    [text(force.rationale), ...citations.inline(force.evidenceIds)],
    force.drivers.length === 0 ? [text('—')] : { items: citedItems(force.drivers, citations) },
  ]);
  return [
    paragraph(text(result.summary)),
    {
      kind: 'table',
      caption: 'Five forces: rating 1 (weak) to 5 (strong)',
      columns: [{ title: 'Force' }, { title: 'Rating', align: 'center' }, { title: 'Level', align: 'center' }, { title: 'Rationale' }, { title: 'Drivers' }],
      rows,
    },
    paragraph(strong('Industry attractiveness:'), meter(result.industryAttractiveness, 5), text('(1 = unattractive, 5 = very attractive)')),
  ];
}

function swotSection(result: SwotResult, citations: CitationNumbering): Block[] {
  const quadrants: Quadrant[] = SWOT_QUADRANTS.map((name) => ({
    title: SWOT_TITLES[name],
    tone: SWOT_TONES[name],
    items: citedItems(result[name], citations),
    emptyText: `No ${name} identified.`,
  }));
  return [paragraph(text(result.summary)), { kind: 'quadrants', quadrants }];
}

function pestelSection(result: PestelResult, citations: CitationNumbering): Block[] {
  const rows: TableCell[][] = [];
  for (const factor of PESTEL_FACTORS) {
    const items = result[factor];
    if (items.length === 0) {
      rows.push([[strong(PESTEL_TITLES[factor])], [text('—')], [text('No material findings.')]]);
      continue;
    }
    for (const item of items) {
      rows.push([[strong(PESTEL_TITLES[factor])], [badge(capitalize(item.impact), IMPACT_TONES[item.impact])], citedInlines(item, citations)]);
    }
  }
  return [
    paragraph(text(result.summary)),
    { kind: 'table', columns: [{ title: 'Factor' }, { title: 'Impact', align: 'center' }, { title: 'Finding' }], rows },
  ];
}

function signedDifference(value: number): string {
  const rounded = formatDecimal(value, Number.isInteger(value) ? 0 : 1);
  return value > 0 ? `+${rounded}` : rounded;
}

function blueOceanSection(result: BlueOceanResult, citations: CitationNumbering): Block[] {
  const quadrants: Quadrant[] = ERRC_ACTIONS.map((action) => ({
    title: ERRC_TITLES[action],
    tone: ERRC_TONES[action],
    items: citedItems(result[action], citations),
    emptyText: 'Nothing proposed.',
  }));
  const blocks: Block[] = [paragraph(text(result.summary)), { kind: 'quadrants', quadrants }];
  if (result.strategyCanvas.length === 0) {
    blocks.push(paragraph(text('No strategy canvas was produced.')));
    return blocks;
  }
  blocks.push({
    kind: 'table',
    caption: 'Strategy canvas: offering level 0 (none) to 10 (best in class)',
    columns: [{ title: 'Factor' }, { title: 'Company', align: 'center' }, { title: 'Competitors', align: 'center' }, { title: 'Difference', align: 'right' }, { title: 'Sources' }],
    rows: result.strategyCanvas.map((factor) => [
      [text(factor.factor)],
      [meter(factor.company, 10)],
      [meter(factor.competitors, 10)],
      [text(signedDifference(factor.company - factor.competitors))],
      factor.evidenceIds.length === 0 ? [text('—')] : citations.inline(factor.evidenceIds),
    ]),
  });
  return blocks;
}

function frameworkBlocks(name: FrameworkName, frameworks: Report['frameworks'], citations: CitationNumbering): Block[] | undefined {
  switch (name) {
    case 'porter':
      return frameworks.porter && porterSection(frameworks.porter, citations);
    case 'swot':
      return frameworks.swot && swotSection(frameworks.swot, citations);
    case 'pestel':
      return frameworks.pestel && pestelSection(frameworks.pestel, citations);
    case 'blue_ocean':
      return frameworks.blue_ocean && blueOceanSection(frameworks.blue_ocean, citations);
  }
}

/** Every framework result the report holds, in canonical order, and a note for missing ones. */
export function frameworksSection(report: Report, citations: CitationNumbering): Section {
  const blocks: Block[] = [];
  const subsections: Section[] = [];
  for (const name of FRAMEWORK_NAMES) {
    const content = frameworkBlocks(name, report.frameworks, citations);
    if (content !== undefined) subsections.push(section(`framework-${name.replace('_', '-')}`, FRAMEWORK_TITLES[name], content));
  }
  const missing = report.request.frameworks.filter((name) => report.frameworks[name] === undefined);
  if (missing.length > 0) {
    const titles = missing.map((name) => FRAMEWORK_TITLES[name]).join(', ');
    blocks.push({ kind: 'notice', tone: 'warning', content: [text(`Requested but not produced: ${titles}. See Warnings.`)] });
  }
  if (subsections.length === 0) blocks.push(paragraph(text('No framework results are available.')));
  const { id, title } = REPORT_SECTIONS.frameworks;
  return section(id, title, blocks, subsections);
}
