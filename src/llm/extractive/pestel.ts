import { PESTEL_FACTORS } from '../../reports/model/frameworks.js';
import type { PestelFactorName, PestelItem, PestelResult } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { knownEvidenceIds, passageItem, takeDistinct } from './items.js';
import { MACRO_TERMS, PESTEL_NEGATIVE_HINTS, PESTEL_POSITIVE_HINTS, PESTEL_TERMS } from './lexicons.js';
import { compileLexicons, compileTerms, hasAnyTerm, matchTerms } from './matcher.js';
import { buildPassages, depthSettings, selectPassages } from './passages.js';
import type { Passage } from './passages.js';
import { sentimentOf } from './sentiment.js';
import { EMPTY_SWOT_CONTEXT, perspectiveOf, swotContext } from './swot-attribution.js';
import type { SwotContext } from './swot-attribution.js';
import { leadClause } from './phrases.js';
import { clip, tidy } from './text.js';

const FACTOR_MATCHERS = compileLexicons(PESTEL_TERMS);
const POSITIVE_HINTS = compileTerms([...PESTEL_POSITIVE_HINTS, 'cover up to', 'cost-share', 'exempt', 'favor', 'favour', 'favorable', 'premiums']);
const NEGATIVE_HINTS = compileTerms([...PESTEL_NEGATIVE_HINTS, 'under pressure', 'cautious', 'less predictable', 'slower']);
const SCHEMA_MAX_ITEMS = 8;
const FINANCE_LINES = compileTerms([
  'revenue', 'revenues', 'expenses', 'expense', 'gross margin', 'cost of revenues', 'cost of sales', 'sg&a', 'operating income',
  'net income', 'cash flows', 'depreciation', 'stock-based compensation', 'other income', 'capital expenditures', 'gross profit',
  'interest income', 'interest expense',
]);
const MACRO = compileTerms(MACRO_TERMS);
/** "… increased $503 million in the year ended December 31, 2024": results commentary, whatever it blames. */
const REPORTING_PERIOD = /\b(?:years?|quarters?|periods?|months?) ended\b|\bas compared to the (?:year|quarter|period)\b/i;
const COMPANY_DISCOUNT = 0.6;

/**
 * The macro factor a sentence is most about; ties go to the earlier factor in P-E-S-T-E-L order.
 * Sentences about the company itself rank lower: PESTEL is about the environment around it.
 */
export function classifyPestel(passage: Passage): { factor: PestelFactorName; relevance: number } | undefined {
  if (!passage.statement) return undefined;
  // "R&D expenses increased $571 million": the company's own line items are results, not its environment.
  if (hasAnyTerm(passage.index, FINANCE_LINES) && (!hasAnyTerm(passage.index, MACRO) || REPORTING_PERIOD.test(passage.text))) return undefined;
  let best: { factor: PestelFactorName; relevance: number } | undefined;
  for (const factor of PESTEL_FACTORS) {
    const relevance = matchTerms(passage.index, FACTOR_MATCHERS[factor]).score;
    if (relevance > 0 && (best === undefined || relevance > best.relevance)) best = { factor, relevance };
  }
  return best === undefined ? undefined : { ...best, relevance: best.relevance * (passage.mentionsCompany ? COMPANY_DISCOUNT : 1) };
}

/**
 * Impact on the company: sentiment, tilted by domain words (a tariff hurts, a subsidy helps).
 * A restriction that hits a rival and not the company ("Its aircraft face tariffs…", said of a
 * competitor) works in the company's favour.
 */
export function pestelImpact(passage: Passage, context: SwotContext = EMPTY_SWOT_CONTEXT): PestelItem['impact'] {
  let score = sentimentOf(passage.index, POSITIVE_HINTS, NEGATIVE_HINTS).score;
  if (score < 0 && !passage.mentionsCompany && perspectiveOf(passage, context) === 'competitor') score = -score;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

export function extractPestel(brief: AnalysisBrief): PestelResult {
  const settings = depthSettings(brief.depth);
  const known = knownEvidenceIds(brief);
  const limit = Math.min(SCHEMA_MAX_ITEMS, settings.itemsPerList);
  const passages = buildPassages(brief);
  const context = swotContext(brief, passages);
  const selected = selectPassages(passages, settings, (passage) => {
    const classified = classifyPestel(passage);
    return classified === undefined ? undefined : { relevance: classified.relevance, value: classified.factor };
  });
  const result = {} as Record<PestelFactorName, PestelItem[]>;
  for (const factor of PESTEL_FACTORS) {
    const chosen = takeDistinct(
      selected.filter((entry) => entry.value === factor).map((entry) => entry.passage),
      (passage) => passage.text,
      limit,
    );
    result[factor] = chosen.map((passage) => ({ ...passageItem(passage, known), impact: pestelImpact(passage, context) }));
  }
  return { ...result, summary: pestelSummary(brief, result) };
}

function pestelSummary(brief: AnalysisBrief, result: Record<PestelFactorName, PestelItem[]>): string {
  const company = brief.company.name;
  const covered = PESTEL_FACTORS.filter((factor) => result[factor].length > 0);
  if (covered.length === 0) {
    return `No evidence about the political, economic, social, technological, environmental or legal environment of ${company} was retrieved; all six factors are empty.`;
  }
  const items = PESTEL_FACTORS.flatMap((factor) => result[factor].map((item) => ({ factor, item })));
  const negative = items.filter((entry) => entry.item.impact === 'negative');
  const positive = items.filter((entry) => entry.item.impact === 'positive');
  const parts = [`The macro environment of ${company} is covered for ${covered.length} of 6 factors (${covered.join(', ')}): ${positive.length} tailwinds, ${negative.length} headwinds.`];
  const headwind = negative[0];
  const tailwind = positive[0];
  if (headwind !== undefined) parts.push(`Main ${headwind.factor} headwind: ${leadClause(headwind.item.text)}.`);
  if (tailwind !== undefined) parts.push(`Main ${tailwind.factor} tailwind: ${leadClause(tailwind.item.text)}.`);
  const missing = PESTEL_FACTORS.filter((factor) => result[factor].length === 0);
  if (missing.length > 0) parts.push(`No evidence found for: ${missing.join(', ')}.`);
  return clip(tidy(parts.join(' ')), 2000);
}
