import type { AnalysisBrief } from '../analyst.js';
import { EXTERNAL_TERMS, MACRO_TERMS } from './lexicons.js';
import { compileTerms, hasAnyTerm, indexStems } from './matcher.js';
import type { TermMatcher } from './matcher.js';
import type { Passage } from './passages.js';
import { competitorNames } from './market.js';
import { stems, tokenize } from './text.js';

/**
 * Whose situation a sentence describes. A competitor's strength is the company's threat and a
 * competitor's weakness its opportunity; a tariff or a court case is external even when the
 * sentence names the company as the one it hits.
 */
export type Perspective = 'company' | 'competitor' | 'external' | 'unknown';

export interface SwotContext {
  /** First words of the competitors named in the evidence, lower-cased. */
  readonly competitorTokens: ReadonlySet<string>;
}

export const EMPTY_SWOT_CONTEXT: SwotContext = { competitorTokens: new Set() };

const GENERIC_COMPETITORS = new Set(['competitor', 'competitors', 'rival', 'rivals', 'incumbent', 'incumbents', 'challenger', 'challengers']);
const EXTERNAL_SUBJECT = compileTerms([...EXTERNAL_TERMS, ...MACRO_TERMS, 'agency', 'agencies', 'regulators', 'lawmakers', 'court', 'growers', 'farmers', 'buyers', 'customers', 'retailers', 'cooperatives']);

export function swotContext(brief: AnalysisBrief, passages: readonly Passage[]): SwotContext {
  const tokens = competitorNames(brief, passages).map((name) => tokenize(name)[0] ?? '').filter((token) => token.length >= 3);
  return { competitorTokens: new Set(tokens) };
}

function namesCompetitor(names: readonly string[], context: SwotContext): boolean {
  return names.some((name) => tokenize(name).some((token) => context.competitorTokens.has(token)));
}

function matches(words: readonly string[], matcher: TermMatcher): boolean {
  return words.length > 0 && hasAnyTerm(indexStems(stems(words.join(' '))), matcher);
}

export function perspectiveOf(passage: Passage, context: SwotContext): Perspective {
  const subject = passage.subject;
  if (namesCompetitor(subject.names, context) || subject.words.some((word) => GENERIC_COMPETITORS.has(word))) return 'competitor';
  if (subject.company) return 'company';
  // A sentence about a named rival that never mentions the company reads from the rival's side.
  if (!passage.mentionsCompany && namesCompetitor(passage.names, context)) return 'competitor';
  if (matches(subject.words, EXTERNAL_SUBJECT)) return 'external';
  return 'unknown';
}
