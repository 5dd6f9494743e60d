import type { Evidence } from '../../reports/model/evidence.js';
import type { FactReference, FinancialFact, FinancialMetric, MetricUnit } from '../../reports/model/financials.js';
import type { DataGap, Depth } from '../../reports/model/report.js';
import { DEBT_CONCEPTS, LINE_ITEMS } from './concept-map.js';
import type { LineItemKey } from './concept-map.js';
import { factEvidence, factKey, periodLabel } from './fact-evidence.js';
import { createLineItemResolver, detectCurrency } from './line-items.js';
import type { LineItemResolver, Term } from './line-items.js';

export interface ComputeMetricsOptions {
  /** SEC central index key of the company; used in evidence locators and filing links. */
  cik: string;
  /** Stamped on the evidence created for the facts. */
  retrievedAt: Date;
  /** How many fiscal years: quick 2, standard 3, deep 5. Default standard. */
  depth?: Depth;
  /** Overrides the depth's year count. */
  years?: number;
  /** Currency unit to read amounts in; default USD, else the one the facts use. */
  currency?: string;
  /** Adds trailing-twelve-month revenue, net income and operating cash flow when a newer quarter exists. Default true. */
  includeTrailingTwelveMonths?: boolean;
  /** `source` of the gaps raised. Default `sec-companyfacts`. */
  source?: string;
}

export interface MetricsResult {
  /** The currency unit amounts were read in; undefined when no currency facts were found. */
  currency?: string;
  metrics: FinancialMetric[];
  /** Every fact a metric was computed from, once, with `evidenceId` set. */
  usedFacts: FinancialFact[];
  /** One `financial-fact` evidence per used fact. */
  evidence: Evidence[];
  /** Metrics that could not be computed, one entry per metric, naming the years. */
  gaps: DataGap[];
}

export const YEARS_BY_DEPTH: Readonly<Record<Depth, number>> = { quick: 2, standard: 3, deep: 5 };

type Outcome = { value: number; formula: string; facts: FinancialFact[] } | { missing: string };

interface MetricDefinition {
  key: string;
  label: string;
  /** `amount` is the currency of the facts. */
  unit: MetricUnit | 'amount';
  impact: DataGap['impact'];
  compute(resolver: LineItemResolver, fiscalYear: number): Outcome;
}

const TRAILING_ITEMS: readonly { key: string; label: string; item: LineItemKey }[] = [
  { key: 'revenue', label: 'Revenue', item: 'revenue' },
  { key: 'net-income', label: 'Net income', item: 'netIncome' },
  { key: 'operating-cash-flow', label: 'Operating cash flow', item: 'operatingCashFlow' },
];

/**
 * Computes the standard metrics for the latest fiscal years from reported facts. Every number
 * is arithmetic on facts, carried with its formula, the facts it came from and the evidence ids
 * registered for them. Whatever cannot be computed (a concept never reported, a zero or
 * negative denominator) becomes a data gap; no value is ever estimated.
 */
export function computeMetrics(facts: readonly FinancialFact[], options: ComputeMetricsOptions): MetricsResult {
  const source = options.source ?? 'sec-companyfacts';
  const currency = options.currency ?? detectCurrency(facts);
  if (currency === undefined) {
    return { metrics: [], usedFacts: [], evidence: [], gaps: [{ source, reason: 'No financial statement facts in a currency unit were found', impact: 'high' }] };
  }
  const resolver = createLineItemResolver(facts, currency);
  const latest = resolver.latestFiscalYear();
  if (latest === undefined) {
    return { currency, metrics: [], usedFacts: [], evidence: [], gaps: [{ source, reason: `No annual financial statement facts in ${currency} were found`, impact: 'high' }] };
  }
  const count = Math.max(1, Math.floor(options.years ?? YEARS_BY_DEPTH[options.depth ?? 'standard']));
  const fiscalYears = Array.from({ length: count }, (_, index) => latest - count + 1 + index);

  const computed: { metric: Omit<FinancialMetric, 'evidenceIds'>; facts: FinancialFact[] }[] = [];
  const gaps: DataGap[] = [];
  for (const definition of METRICS) {
    const missing: string[] = [];
    for (const fiscalYear of fiscalYears) {
      const outcome = definition.compute(resolver, fiscalYear);
      if ('missing' in outcome) {
        missing.push(`FY${fiscalYear}: ${outcome.missing}`);
        continue;
      }
      if (definition.unit === 'amount' && currency !== 'USD') {
        // The report model states amounts in USD only; converting would invent an exchange rate.
        missing.push(`FY${fiscalYear}: reported in ${currency}, and amounts are shown in USD only`);
        continue;
      }
      const unit: MetricUnit = definition.unit === 'amount' ? 'USD' : definition.unit;
      computed.push({ metric: buildMetric(definition.key, definition.label, unit, fiscalYear, 'FY', outcome), facts: outcome.facts });
    }
    if (missing.length > 0) gaps.push({ source, reason: `${definition.label}: ${missing.join('; ')}`, impact: definition.impact });
  }

  if ((options.includeTrailingTwelveMonths ?? true) && currency === 'USD') {
    for (const { key, label, item } of TRAILING_ITEMS) {
      const trailing = resolver.trailingTwelveMonths(item);
      if (trailing?.yearToDate === undefined || trailing.priorYearToDate === undefined) continue;
      const parts = [trailing.annual, trailing.yearToDate, trailing.priorYearToDate];
      const [annual, current, prior] = parts.map(periodLabel);
      const formula = `${label} (trailing twelve months) = ${trailing.annual.concept} (${annual} + ${current} − ${prior})`;
      const outcome = { value: trailing.fact.value, formula, facts: parts };
      computed.push({ metric: buildMetric(key, `${label} (TTM)`, 'USD', trailing.fact.fiscalYear, 'TTM', outcome), facts: parts });
    }
  }

  const evidenceByKey = new Map<string, Evidence>();
  const usedFacts: FinancialFact[] = [];
  for (const { facts: used } of computed) {
    for (const fact of used) {
      const key = factKey(fact);
      if (evidenceByKey.has(key)) continue;
      const evidence = factEvidence(fact, { cik: options.cik, retrievedAt: options.retrievedAt });
      evidenceByKey.set(key, evidence);
      usedFacts.push({ ...plainFact(fact), evidenceId: evidence.id });
    }
  }
  const metrics = computed.map(({ metric, facts: used }) => ({
    ...metric,
    evidenceIds: [...new Set(used.map((fact) => (evidenceByKey.get(factKey(fact)) as Evidence).id))],
  }));
  return { currency, metrics, usedFacts, evidence: [...evidenceByKey.values()], gaps };
}

function buildMetric(
  key: string,
  label: string,
  unit: MetricUnit,
  fiscalYear: number,
  fiscalPeriod: string,
  outcome: { value: number; formula: string; facts: FinancialFact[] },
): Omit<FinancialMetric, 'evidenceIds'> {
  // A fact used twice in a formula (revenue in "(revenue − cost) ÷ revenue") is cited once.
  const unique = [...new Map(outcome.facts.map((fact) => [factKey(fact), fact])).values()];
  return { key, label, value: outcome.value, unit, fiscalYear, fiscalPeriod, formula: outcome.formula, facts: unique.map(reference) };
}

function reference(fact: FinancialFact): FactReference {
  return { concept: fact.concept, fiscalYear: fact.fiscalYear, fiscalPeriod: fact.fiscalPeriod, accession: fact.accession, value: fact.value };
}

/** Keeps the report's fact shape: parsers may attach extra fields (frame, filing fy) that the schema does not hold. */
function plainFact(fact: FinancialFact): FinancialFact {
  const plain: FinancialFact = {
    concept: fact.concept,
    label: fact.label,
    value: fact.value,
    unit: fact.unit,
    periodEnd: fact.periodEnd,
    fiscalYear: fact.fiscalYear,
    fiscalPeriod: fact.fiscalPeriod,
    form: fact.form,
    accession: fact.accession,
    filed: fact.filed,
  };
  if (fact.periodStart !== undefined) plain.periodStart = fact.periodStart;
  return plain;
}

function notReported(item: LineItemKey): { missing: string } {
  return { missing: `no ${LINE_ITEMS[item].label} reported (looked for ${LINE_ITEMS[item].concepts.join(', ')})` };
}

function amountMetric(key: string, label: string, item: LineItemKey, impact: DataGap['impact']): MetricDefinition {
  return {
    key,
    label,
    unit: 'amount',
    impact,
    compute(resolver, fiscalYear) {
      const term = resolver.amount(item, fiscalYear);
      if (term === undefined) return notReported(item);
      return { value: term.value, formula: `${label} = ${term.expression}`, facts: term.facts };
    },
  };
}

interface RatioParts {
  numerator(resolver: LineItemResolver, fiscalYear: number): Term | { missing: string };
  denominator(resolver: LineItemResolver, fiscalYear: number): Term | { missing: string };
  denominatorLabel: string;
  /** 100 for percentages, 1 for multiples. */
  scale: 100 | 1;
}

function ratioMetric(key: string, label: string, unit: MetricUnit, impact: DataGap['impact'], parts: RatioParts): MetricDefinition {
  return {
    key,
    label,
    unit,
    impact,
    compute(resolver, fiscalYear) {
      const numerator = parts.numerator(resolver, fiscalYear);
      if ('missing' in numerator) return numerator;
      const denominator = parts.denominator(resolver, fiscalYear);
      if ('missing' in denominator) return denominator;
      // A ratio over a zero or negative base (no revenue, negative equity) has no meaning.
      if (!(denominator.value > 0)) return { missing: `${parts.denominatorLabel} is ${denominator.value}, not positive` };
      const ratio = numerator.value / denominator.value;
      const scaled = parts.scale === 100 ? ratio * 100 : ratio;
      const formula = `${label} = (${numerator.expression}) ÷ (${denominator.expression})${parts.scale === 100 ? ' × 100' : ''}`;
      return { value: scaled, formula, facts: [...numerator.facts, ...denominator.facts] };
    },
  };
}

function item(key: LineItemKey) {
  return (resolver: LineItemResolver, fiscalYear: number): Term | { missing: string } => resolver.amount(key, fiscalYear) ?? notReported(key);
}

const METRICS: readonly MetricDefinition[] = [
  amountMetric('revenue', 'Revenue', 'revenue', 'high'),
  {
    key: 'revenue-growth',
    label: 'Revenue growth (year over year)',
    unit: 'percent',
    impact: 'medium',
    compute(resolver, fiscalYear) {
      const current = resolver.amount('revenue', fiscalYear);
      if (current === undefined) return notReported('revenue');
      const prior = resolver.amount('revenue', fiscalYear - 1);
      if (prior === undefined) return { missing: `no revenue reported for the prior year FY${fiscalYear - 1}` };
      if (!(prior.value > 0)) return { missing: `prior-year revenue is ${prior.value}, not positive` };
      return {
        value: ((current.value - prior.value) / prior.value) * 100,
        formula: `Revenue growth = (${current.expression} FY${fiscalYear} − ${prior.expression} FY${fiscalYear - 1}) ÷ ${prior.expression} FY${fiscalYear - 1} × 100`,
        facts: [...current.facts, ...prior.facts],
      };
    },
  },
  ratioMetric('gross-margin', 'Gross margin', 'percent', 'medium', {
    numerator: (resolver, fiscalYear) =>
      resolver.grossProfit(fiscalYear) ?? { missing: `no gross profit reported, nor revenue with cost of revenue (looked for ${LINE_ITEMS.grossProfit.concepts.join(', ')}, ${LINE_ITEMS.costOfRevenue.concepts.join(', ')})` },
    denominator: item('revenue'),
    denominatorLabel: 'revenue',
    scale: 100,
  }),
  ratioMetric('operating-margin', 'Operating margin', 'percent', 'medium', {
    numerator: item('operatingIncome'),
    denominator: item('revenue'),
    denominatorLabel: 'revenue',
    scale: 100,
  }),
  amountMetric('net-income', 'Net income', 'netIncome', 'medium'),
  ratioMetric('net-margin', 'Net margin', 'percent', 'medium', {
    numerator: item('netIncome'),
    denominator: item('revenue'),
    denominatorLabel: 'revenue',
    scale: 100,
  }),
  amountMetric('operating-cash-flow', 'Operating cash flow', 'operatingCashFlow', 'medium'),
  {
    key: 'free-cash-flow',
    label: 'Free cash flow',
    unit: 'amount',
    impact: 'medium',
    compute(resolver, fiscalYear) {
      const operating = resolver.amount('operatingCashFlow', fiscalYear);
      if (operating === undefined) return notReported('operatingCashFlow');
      const capital = resolver.amount('capitalExpenditure', fiscalYear);
      if (capital === undefined) return notReported('capitalExpenditure');
      return {
        value: operating.value - capital.value,
        formula: `Free cash flow = ${operating.expression} − ${capital.expression}`,
        facts: [...operating.facts, ...capital.facts],
      };
    },
  },
  ratioMetric('debt-to-equity', 'Debt to equity', 'multiple', 'low', {
    numerator: (resolver, fiscalYear) =>
      resolver.totalDebt(fiscalYear) ?? {
        missing: `no debt reported (looked for ${DEBT_CONCEPTS.join(', ')}); the company may have had no borrowings, but that is not stated as a fact`,
      },
    denominator: item('equity'),
    denominatorLabel: "stockholders' equity",
    scale: 1,
  }),
  ratioMetric('current-ratio', 'Current ratio', 'multiple', 'low', {
    numerator: item('currentAssets'),
    denominator: item('currentLiabilities'),
    denominatorLabel: 'current liabilities',
    scale: 1,
  }),
  ratioMetric('research-and-development-intensity', 'Research and development intensity', 'percent', 'low', {
    numerator: item('researchAndDevelopment'),
    denominator: item('revenue'),
    denominatorLabel: 'revenue',
    scale: 100,
  }),
];

export const METRIC_KEYS: readonly string[] = [...METRICS.map((definition) => definition.key)];
