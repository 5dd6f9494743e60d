import type { FinancialFact } from '../../reports/model/financials.js';
import { mostFrequentUnit, selectAnnual, trailingTwelveMonths } from '../../sources/sec/fact-selection.js';
import type { TrailingTwelveMonths } from '../../sources/sec/fact-selection.js';
import { DEBT_COMPOSITIONS, LINE_ITEMS, METRIC_CONCEPTS } from './concept-map.js';
import type { LineItemKey } from './concept-map.js';

/** An amount a metric uses: one reported fact, or a sum/difference of facts. */
export interface Term {
  value: number;
  /** The facts, in the order they appear in `expression`. */
  facts: FinancialFact[];
  /** How the amount was formed, with concept names (`us-gaap:Revenues − us-gaap:CostOfRevenue`). */
  expression: string;
}

export interface LineItemResolver {
  /** The currency unit amounts are read in (`USD`, `EUR`…). */
  readonly currency: string;
  amount(item: LineItemKey, fiscalYear: number): Term | undefined;
  /** Gross profit as reported, else revenue − cost of revenue. */
  grossProfit(fiscalYear: number): Term | undefined;
  /** Total borrowings at fiscal year end (see DEBT_COMPOSITIONS). */
  totalDebt(fiscalYear: number): Term | undefined;
  /** Trailing twelve months of a flow item, only when a period after the latest fiscal year was reported. */
  trailingTwelveMonths(item: LineItemKey): TrailingTwelveMonths | undefined;
  /** Latest fiscal year with an income or cash-flow figure, else with any figure. */
  latestFiscalYear(): number | undefined;
}

function factTerm(fact: FinancialFact): Term {
  return { value: fact.value, facts: [fact], expression: fact.concept };
}

/**
 * Indexes facts once per concept (selectAnnual de-duplicates filings and amendments), then
 * answers per-year questions with the fallback order of the concept map.
 */
export function createLineItemResolver(facts: readonly FinancialFact[], currency: string): LineItemResolver {
  const wanted = new Set(METRIC_CONCEPTS);
  const byConcept = new Map<string, FinancialFact[]>();
  for (const fact of facts) {
    if (fact.unit !== currency || !wanted.has(fact.concept)) continue;
    const list = byConcept.get(fact.concept) ?? [];
    list.push(fact);
    byConcept.set(fact.concept, list);
  }
  const annualCache = new Map<string, Map<number, FinancialFact>>();
  const annual = (concept: string): Map<number, FinancialFact> => {
    let byYear = annualCache.get(concept);
    if (byYear === undefined) {
      const selected = selectAnnual(byConcept.get(concept) ?? [], concept, { unit: currency });
      byYear = new Map(selected.map((fact) => [fact.fiscalYear, fact]));
      annualCache.set(concept, byYear);
    }
    return byYear;
  };
  const firstOf = (concepts: readonly string[], fiscalYear: number): FinancialFact | undefined => {
    for (const concept of concepts) {
      const fact = annual(concept).get(fiscalYear);
      if (fact !== undefined) return fact;
    }
    return undefined;
  };
  const amount = (item: LineItemKey, fiscalYear: number): Term | undefined => {
    const fact = firstOf(LINE_ITEMS[item].concepts, fiscalYear);
    return fact === undefined ? undefined : factTerm(fact);
  };
  const latestFiscalYear = (): number | undefined => {
    const years = (items: readonly LineItemKey[]): number[] =>
      items.flatMap((item) => LINE_ITEMS[item].concepts.flatMap((concept) => [...annual(concept).keys()]));
    const flows = years(['revenue', 'netIncome', 'operatingIncome', 'operatingCashFlow']);
    const all = flows.length > 0 ? flows : years(Object.keys(LINE_ITEMS) as LineItemKey[]);
    return all.length === 0 ? undefined : Math.max(...all);
  };

  return {
    currency,
    amount,
    grossProfit(fiscalYear) {
      const reported = amount('grossProfit', fiscalYear);
      if (reported !== undefined) return reported;
      const revenue = amount('revenue', fiscalYear);
      const cost = amount('costOfRevenue', fiscalYear);
      if (revenue === undefined || cost === undefined) return undefined;
      return { value: revenue.value - cost.value, facts: [...revenue.facts, ...cost.facts], expression: `${revenue.expression} − ${cost.expression}` };
    },
    totalDebt(fiscalYear) {
      for (const composition of DEBT_COMPOSITIONS) {
        const parts = composition.map((term) => ({ term, fact: firstOf(term.anyOf, fiscalYear) }));
        if (parts.some(({ term, fact }) => term.required && fact === undefined)) continue;
        const present = parts.flatMap(({ fact }) => (fact === undefined ? [] : [fact]));
        return {
          value: present.reduce((sum, fact) => sum + fact.value, 0),
          facts: present,
          expression: present.map((fact) => fact.concept).join(' + '),
        };
      }
      return undefined;
    },
    trailingTwelveMonths(item) {
      const latest = latestFiscalYear();
      if (latest === undefined) return undefined;
      const fact = firstOf(LINE_ITEMS[item].concepts, latest);
      if (fact === undefined) return undefined;
      const result = trailingTwelveMonths(byConcept.get(fact.concept) ?? [], fact.concept, { unit: currency });
      // Only worth reporting when it adds something the fiscal year does not already say.
      return result?.yearToDate === undefined || result.annual.fiscalYear !== latest ? undefined : result;
    },
    latestFiscalYear,
  };
}

/**
 * The currency to read amounts in: USD when any line-item concept is reported in USD, else the
 * ISO currency used most often by those concepts.
 */
export function detectCurrency(facts: readonly FinancialFact[]): string | undefined {
  const wanted = new Set(METRIC_CONCEPTS);
  const currencies = facts.filter((fact) => wanted.has(fact.concept) && /^[A-Z]{3}$/.test(fact.unit)).map((fact) => fact.unit);
  return currencies.includes('USD') ? 'USD' : mostFrequentUnit(currencies);
}
