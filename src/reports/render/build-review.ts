import type { Report, TokenUsage } from '../model/report.js';
import { QualityDimension } from '../model/report.js';
import type { CitationNumbering } from './citation-numbering.js';
import { badge, meter, paragraph, section, strong, text } from './document-model.js';
import type { Block, Section, TableCell, Tone } from './document-model.js';
import { capitalize, formatCost, formatDuration, formatInteger, formatTimestamp } from './format.js';
import { REPORT_SECTIONS } from './section-titles.js';

/**
 * The sections that say how far to trust the report and what it cost: quality review,
 * confidence, citation checks, generator, usage, timings and warnings.
 */

const SEVERITY_TONES = { info: 'info', warning: 'warning', critical: 'critical' } as const satisfies Record<string, Tone>;
const LEVEL_TONES = { low: 'low', medium: 'medium', high: 'high' } as const satisfies Record<string, Tone>;

function figure(term: string, value: string) {
  return { term, value: [text(value)] };
}

export function qualitySection(quality: Report['quality']): Section {
  const { id, title } = REPORT_SECTIONS.quality;
  const blocks: Block[] = [
    { kind: 'definitions', items: [{ term: 'Overall', value: [meter(quality.overall, 100)] }] },
    {
      kind: 'table',
      caption: 'Scores from 0 to 100',
      columns: [{ title: 'Dimension' }, { title: 'Score' }],
      rows: QualityDimension.options.map((dimension) => [[text(capitalize(dimension))], [meter(quality.scores[dimension], 100)]]),
    },
  ];
  if (quality.issues.length === 0) {
    blocks.push(paragraph(text('The review raised no issues.')));
  } else {
    blocks.push({
      kind: 'table',
      caption: 'Issues raised by the review',
      columns: [{ title: 'Severity' }, { title: 'Dimension' }, { title: 'Section' }, { title: 'Issue' }],
      rows: quality.issues.map((issue) => [
        [badge(capitalize(issue.severity), SEVERITY_TONES[issue.severity])],
        [text(capitalize(issue.dimension))],
        [text(issue.section)],
        [text(issue.message)],
      ]),
    });
  }
  return section(id, title, blocks);
}

export function confidenceSection(confidence: Report['confidence']): Section {
  const { id, title } = REPORT_SECTIONS.confidence;
  const blocks: Block[] = [
    {
      kind: 'definitions',
      items: [
        { term: 'Confidence', value: [badge(capitalize(confidence.level), LEVEL_TONES[confidence.level]), text(' '), meter(confidence.score, 100)] },
      ],
    },
    paragraph(text(confidence.rationale)),
  ];
  if (confidence.dataGaps.length === 0) {
    blocks.push(paragraph(text('No data gaps were recorded.')));
  } else {
    blocks.push({
      kind: 'table',
      caption: 'Data gaps',
      columns: [{ title: 'Source' }, { title: 'Impact' }, { title: 'Reason' }],
      rows: confidence.dataGaps.map((gap) => [[text(gap.source)], [badge(capitalize(gap.impact), LEVEL_TONES[gap.impact])], [text(gap.reason)]]),
    });
  }
  return section(id, title, blocks);
}

/** Stored counts from the citation check, plus what rendering found unresolvable. */
export function citationsSection(stats: Report['citations'], citations: CitationNumbering): Section {
  const { id, title } = REPORT_SECTIONS.citations;
  const blocks: Block[] = [
    {
      kind: 'definitions',
      items: [
        figure('Evidence records retrieved', formatInteger(citations.evidenceCount)),
        figure('Distinct sources cited', formatInteger(stats.citedIds)),
        figure('Verified citations', formatInteger(stats.verified)),
        figure('Invalid citations removed', formatInteger(stats.removedInvalid)),
        figure('Items dropped for lack of support', formatInteger(stats.droppedItems)),
        figure('Items flagged as unsupported', formatInteger(stats.flaggedItems)),
        figure('Items checked', formatInteger(stats.items)),
      ],
    },
  ];
  if (citations.unverifiedCount > 0) {
    blocks.push({
      kind: 'notice',
      tone: 'warning',
      content: [text(`${formatInteger(citations.unverifiedCount)} cited id(s) are not in this report's evidence and are marked "unverified" where they appear.`)],
    });
  }
  return section(id, title, blocks);
}

export function generatorSection(generator: Report['generator']): Section {
  const { id, title } = REPORT_SECTIONS.generator;
  const kinds = { extractive: 'Extractive analyst (deterministic, no model)', model: 'Language models', mixed: 'Language models with the extractive analyst standing in for some parts' };
  const blocks: Block[] = [
    {
      kind: 'definitions',
      items: [figure('Produced by', kinds[generator.kind]), figure('Models', generator.models.length === 0 ? 'None' : generator.models.join(', '))],
    },
  ];
  const parts = Object.entries(generator.parts);
  if (parts.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [{ title: 'Part' }, { title: 'Generator' }, { title: 'Model' }, { title: 'Fallback reason' }],
      rows: parts.map(([part, detail]) => [
        [text(part)],
        [badge(detail.kind === 'model' ? 'Model' : 'Extractive', detail.kind === 'model' ? 'info' : 'neutral')],
        [text(detail.model ?? '—')],
        [text(detail.fallbackReason ?? '—')],
      ]),
    });
  }
  return section(id, title, blocks);
}

function usageRow(label: TableCell, usage: TokenUsage): TableCell[] {
  return [
    label,
    [text(formatInteger(usage.calls))],
    [text(formatInteger(usage.inputTokens))],
    [text(formatInteger(usage.outputTokens))],
    [text(formatInteger(usage.cachedTokens))],
    [text(formatCost(usage.costUsd))],
  ];
}

export function usageSection(usage: Report['usage']): Section {
  const { id, title } = REPORT_SECTIONS.usage;
  const rows = Object.entries(usage.byStep).map(([step, stepUsage]) => usageRow([text(step)], stepUsage));
  rows.push(usageRow([strong('Total')], usage));
  return section(id, title, [
    {
      kind: 'table',
      columns: [
        { title: 'Step' },
        { title: 'Calls', align: 'right' },
        { title: 'Input tokens', align: 'right' },
        { title: 'Output tokens', align: 'right' },
        { title: 'Cached tokens', align: 'right' },
        { title: 'Cost', align: 'right' },
      ],
      rows,
    },
  ]);
}

export function timingsSection(timings: Report['timings']): Section {
  const { id, title } = REPORT_SECTIONS.timings;
  const blocks: Block[] = [
    {
      kind: 'definitions',
      items: [figure('Started', formatTimestamp(timings.startedAt)), figure('Ended', formatTimestamp(timings.endedAt)), figure('Duration', formatDuration(timings.durationMs))],
    },
  ];
  const steps = Object.entries(timings.steps);
  if (steps.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [{ title: 'Step' }, { title: 'Duration', align: 'right' }],
      rows: steps.map(([step, milliseconds]) => [[text(step)], [text(formatDuration(milliseconds))]]),
    });
  }
  return section(id, title, blocks);
}

export function warningsSection(warnings: readonly string[]): Section {
  const { id, title } = REPORT_SECTIONS.warnings;
  const blocks: Block[] =
    warnings.length === 0 ? [paragraph(text('None.'))] : [{ kind: 'list', ordered: false, items: warnings.map((warning) => [text(warning)]) }];
  return section(id, title, blocks);
}
