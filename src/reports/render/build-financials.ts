import type { FactReference, FinancialFact, FinancialMetric, Financials } from '../model/financials.js';
import type { CitationNumbering } from './citation-numbering.js';
import { paragraph, section, strong, text } from './document-model.js';
import type { Block, Section, TableCell } from './document-model.js';
import { formatCompactDecimal, formatFactValue, formatMetricValue } from './format.js';
import { REPORT_SECTIONS } from './section-titles.js';

function fiscalLabel(fiscalPeriod: string, fiscalYear: number): string {
  return `${fiscalPeriod} ${fiscalYear}`;
}

// A reference carries no unit, so its value is shown as the bare reported number.
function factReference(fact: FactReference): string {
  return `${fact.concept}, ${fiscalLabel(fact.fiscalPeriod, fact.fiscalYear)}, accession ${fact.accession}: ${formatCompactDecimal(fact.value, 4)}`;
}

function metricRow(metric: FinancialMetric, citations: CitationNumbering): TableCell[] {
  return [
    [strong(metric.label)],
    [text(formatMetricValue(metric.value, metric.unit))],
    [text(fiscalLabel(metric.fiscalPeriod, metric.fiscalYear))],
    [text(metric.formula)],
    { items: metric.facts.map((fact) => [text(factReference(fact))]) },
    metric.evidenceIds.length === 0 ? [text('—')] : citations.inline(metric.evidenceIds),
  ];
}

function factRow(fact: FinancialFact, citations: CitationNumbering): TableCell[] {
  const period = fact.periodStart === undefined ? fact.periodEnd : `${fact.periodStart} to ${fact.periodEnd}`;
  return [
    [text(fact.concept)],
    [text(fact.label)],
    [text(formatFactValue(fact.value, fact.unit))],
    [text(period)],
    [text(fiscalLabel(fact.fiscalPeriod, fact.fiscalYear))],
    [text(fact.form)],
    [text(fact.accession)],
    [text(fact.filed)],
    fact.evidenceId === undefined ? [text('—')] : citations.inline([fact.evidenceId]),
  ];
}

function metricsSection(financials: Financials, citations: CitationNumbering): Section {
  const blocks: Block[] =
    financials.metrics.length === 0
      ? [paragraph(text('No metrics could be computed from the available facts.'))]
      : [
          paragraph(text('Computed in code from the reported facts below; no number here comes from a language model.')),
          {
            kind: 'table',
            columns: [{ title: 'Metric' }, { title: 'Value', align: 'right' }, { title: 'Fiscal year' }, { title: 'Formula' }, { title: 'Computed from' }, { title: 'Sources' }],
            rows: financials.metrics.map((metric) => metricRow(metric, citations)),
          },
        ];
  return section('financial-metrics', 'Metrics', blocks);
}

function factsSection(financials: Financials, citations: CitationNumbering): Section {
  const blocks: Block[] =
    financials.facts.length === 0
      ? [paragraph(text('No reported facts were retrieved.'))]
      : [
          {
            kind: 'table',
            columns: [
              { title: 'Concept' },
              { title: 'Label' },
              { title: 'Value', align: 'right' },
              { title: 'Period' },
              { title: 'Fiscal period' },
              { title: 'Form' },
              { title: 'Accession' },
              { title: 'Filed' },
              { title: 'Source' },
            ],
            rows: financials.facts.map((fact) => factRow(fact, citations)),
          },
        ];
  return section('financial-facts', 'Reported facts', blocks);
}

/** Metrics first (what a reader wants), then the facts they rest on (what an auditor checks). */
export function financialsSection(financials: Financials | undefined, citations: CitationNumbering): Section {
  const { id, title } = REPORT_SECTIONS.financials;
  if (financials === undefined) {
    return section(id, title, [paragraph(text('No financial data was available for this report.'))]);
  }
  const identity = [
    financials.entityName === undefined ? undefined : { term: 'Reporting entity', value: [text(financials.entityName)] },
    financials.cik === undefined ? undefined : { term: 'CIK', value: [text(financials.cik)] },
    financials.currency === undefined ? undefined : { term: 'Currency', value: [text(financials.currency)] },
  ].filter((item) => item !== undefined);
  const blocks: Block[] = identity.length === 0 ? [] : [{ kind: 'definitions', items: identity }];
  return section(id, title, blocks, [metricsSection(financials, citations), factsSection(financials, citations)]);
}
