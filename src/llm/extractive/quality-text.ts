import { SWOT_QUADRANTS, PESTEL_FACTORS } from '../../reports/model/frameworks.js';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import type { QualityIssue, Synthesis } from '../../reports/model/report.js';
import { frameworkItems } from './framework-items.js';
import { similarity } from './items.js';
import { MIN_STATEMENT_WORDS, shapeOf, wordsOf } from './sentence-shape.js';

/**
 * Checks on how the report reads, the defects a partner would circle in red: headings and
 * fragments passed off as findings, headlines cut off with "…", one passage recycled across
 * sections, recommendations that quote evidence instead of proposing an action, next steps that
 * repeat the recommendations. Each issue names the section and quotes the offending text.
 */

/** Points off per defect, and the most any one kind of defect can cost a dimension. */
export const TEXT_PENALTY = {
  fragment: 10,
  fragmentCap: 60,
  truncated: 4,
  truncatedCap: 24,
  reusedPassage: 8,
  reusedCap: 40,
} as const;

/** Labels the frameworks and synthesis put before a statement ("Threat: ", "Supplier power (5/5): "). */
const LABEL = /^(?:(?:Strength|Weakness|Opportunity|Threat|Eliminate|Reduce|Raise|Create)|(?:Political|Economic|Social|Technological|Environmental|Legal) (?:headwind|tailwind|factor)|[A-Z][a-z]+(?: [a-z]+){0,4} (?:\(\d\/5\)|is (?:high|low|medium) \(\d\/5\))):\s+/u;
const OVERLAP_WORDS = 10;

function snippet(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= 90 ? clean : `${clean.slice(0, 87).replace(/\s\S*$/u, '')}...`;
}

export function withoutLabel(text: string): string {
  return text.replace(LABEL, '');
}

function normalise(text: string): string {
  return withoutLabel(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Whether two texts share a run of OVERLAP_WORDS words: one quotes the other. */
export function quotes(text: string, source: string, run = OVERLAP_WORDS): boolean {
  const words = normalise(text).split(' ');
  const haystack = ` ${normalise(source)} `;
  if (words.length < run) return words.length >= 6 && haystack.includes(` ${words.join(' ')} `);
  for (let start = 0; start + run <= words.length; start++) {
    if (haystack.includes(` ${words.slice(start, start + run).join(' ')} `)) return true;
  }
  return false;
}

interface Placed {
  section: string;
  text: string;
}

function placedItems(frameworks: FrameworkResults, synthesis: Synthesis): Placed[] {
  const placed: Placed[] = frameworkItems(frameworks).map((item) => ({ section: item.section, text: item.text }));
  for (const item of synthesis.keyFindings ?? []) placed.push({ section: 'synthesis.keyFindings', text: item.text });
  for (const item of synthesis.risks ?? []) placed.push({ section: 'synthesis.risks', text: item.text });
  return placed;
}

/** Items that are headings, table rows or fragments rather than statements. Returns points off. */
export function checkFragments(frameworks: FrameworkResults, synthesis: Synthesis, issues: QualityIssue[]): number {
  let penalty = 0;
  for (const item of placedItems(frameworks, synthesis)) {
    const statement = withoutLabel(item.text);
    const shape = shapeOf(statement);
    const words = wordsOf(statement).length;
    if (shape === 'sentence' && words >= MIN_STATEMENT_WORDS) continue;
    penalty += TEXT_PENALTY.fragment;
    const what = shape === 'heading' ? 'a heading' : shape === 'table' ? 'a table row' : `a fragment (${words} words${shape === 'sentence' ? '' : ', no verb'})`;
    issues.push({ severity: 'warning', dimension: 'specificity', section: item.section, message: `Item is ${what}, not a statement: “${snippet(item.text)}”.` });
  }
  return Math.min(TEXT_PENALTY.fragmentCap, penalty);
}

/** Headline fields cut off mid-phrase with an ellipsis. Returns points off. */
export function checkTruncation(frameworks: FrameworkResults, synthesis: Synthesis, issues: QualityIssue[]): number {
  const headlines: Placed[] = [
    { section: 'synthesis.executiveSummary', text: synthesis.executiveSummary ?? '' },
    ...(synthesis.recommendations ?? []).map((item) => ({ section: 'synthesis.recommendations', text: item.text })),
    ...(synthesis.nextSteps ?? []).map((text) => ({ section: 'synthesis.nextSteps', text })),
    ...(synthesis.keyFindings ?? []).map((item) => ({ section: 'synthesis.keyFindings', text: item.text })),
    ...(synthesis.risks ?? []).map((item) => ({ section: 'synthesis.risks', text: item.text })),
    { section: 'porter.summary', text: frameworks.porter?.summary ?? '' },
    { section: 'swot.summary', text: frameworks.swot?.summary ?? '' },
    { section: 'pestel.summary', text: frameworks.pestel?.summary ?? '' },
  ];
  let penalty = 0;
  for (const headline of headlines) {
    const cuts = (headline.text.match(/…/g) ?? []).length;
    if (cuts === 0) continue;
    penalty += TEXT_PENALTY.truncated * cuts;
    const at = headline.text.indexOf('…');
    issues.push({ severity: 'warning', dimension: 'specificity', section: headline.section, message: `Text is cut off mid-phrase (${cuts === 1 ? 'an ellipsis' : `${cuts} ellipses`}): “${snippet(headline.text.slice(Math.max(0, at - 80), at + 1))}”.` });
  }
  return Math.min(TEXT_PENALTY.truncatedCap, penalty);
}

interface Comparable {
  normalised: string;
  words: ReadonlySet<string>;
}

function comparable(text: string): Comparable {
  const normalised = normalise(text);
  return { normalised, words: new Set(normalised.split(' ').filter((word) => word.length > 3)) };
}

/** One passage quoted twice: one text contains the other, or they share nearly all their words. */
function samePassage(a: Comparable, b: Comparable): boolean {
  if (a.normalised.length < 30 || b.normalised.length < 30) return a.normalised === b.normalised && a.normalised.length > 0;
  if (a.normalised.includes(b.normalised) || b.normalised.includes(a.normalised)) return true;
  let shared = 0;
  for (const word of a.words) if (b.words.has(word)) shared += 1;
  const union = a.words.size + b.words.size - shared;
  return union > 0 && shared / union >= 0.8;
}

/** Sections where re-using a passage is a defect; Porter drivers and Blue Ocean moves may quote what the SWOT quotes. */
function reviewedSection(section: string): boolean {
  return section.startsWith('swot.') || section.startsWith('pestel.') || section === 'synthesis.keyFindings' || section === 'synthesis.risks';
}

/**
 * One passage used in three or more places (SWOT, PESTEL, key findings, risks), or in two SWOT
 * quadrants, says the analysis is padding its sections. Returns points off.
 */
export function checkReuse(frameworks: FrameworkResults, synthesis: Synthesis, issues: QualityIssue[]): number {
  const placed = placedItems(frameworks, synthesis)
    .filter((item) => reviewedSection(item.section))
    .map((item) => ({ ...item, key: comparable(item.text) }));
  const groups: Array<typeof placed> = [];
  for (const item of placed) {
    const group = groups.find((members) => members[0] !== undefined && samePassage(members[0].key, item.key));
    if (group === undefined) groups.push([item]);
    else group.push(item);
  }
  const quadrants = new Set<string>(SWOT_QUADRANTS.map((quadrant) => `swot.${quadrant}`));
  let penalty = 0;
  for (const group of groups) {
    const sections = [...new Set(group.map((item) => item.section))];
    const swotSections = sections.filter((section) => quadrants.has(section));
    if (sections.length < 3 && swotSections.length < 2) continue;
    penalty += TEXT_PENALTY.reusedPassage;
    issues.push({ severity: 'warning', dimension: 'consistency', section: sections.join(', ').slice(0, 200), message: `The same passage is used in ${sections.length} places (${sections.join(', ')}): “${snippet(withoutLabel(group[0]?.text ?? ''))}”.` });
  }
  return Math.min(TEXT_PENALTY.reusedCap, penalty);
}

/** Why a recommendation is not an action: it quotes evidence or is too long to act on; undefined if fine. */
export function restatement(text: string, frameworks: FrameworkResults): string | undefined {
  if (/[“”]/u.test(text)) return 'pastes quoted evidence';
  if (text.includes('…')) return 'is cut off mid-phrase';
  if (text.length > 300) return `runs to ${text.length} characters`;
  const items = frameworkItems(frameworks);
  const source = items.find((item) => quotes(text, item.text));
  return source === undefined ? undefined : `restates the ${source.label.toLowerCase()} item instead of proposing an action`;
}

/** Next steps that say a recommendation again. Returns the share of steps that repeat one. */
export function checkRepeatedSteps(synthesis: Synthesis, issues: QualityIssue[]): number {
  const steps = synthesis.nextSteps ?? [];
  const recommendations = synthesis.recommendations ?? [];
  if (steps.length === 0) return 0;
  let repeated = 0;
  steps.forEach((step, position) => {
    const echoed = recommendations.findIndex((recommendation) => quotes(step, recommendation.text) || similarity(step, recommendation.text) >= 0.6);
    if (echoed < 0) return;
    repeated += 1;
    issues.push({ severity: 'info', dimension: 'actionability', section: 'synthesis.nextSteps', message: `Next step ${position + 1} repeats recommendation ${echoed + 1} instead of naming a first step: “${snippet(step)}”.` });
  });
  return repeated / steps.length;
}

/** PESTEL factors and Porter drivers are read from text; citing a financial fact there is a category error. */
export function checkFactCitations(frameworks: FrameworkResults, factIds: ReadonlySet<string>, issues: QualityIssue[]): number {
  let count = 0;
  const sections: Array<{ section: string; items: ReadonlyArray<{ text: string; evidenceIds: readonly string[] }> }> = [
    ...(frameworks.porter?.forces ?? []).map((force) => ({ section: `porter.${force.force}`, items: force.drivers })),
    ...PESTEL_FACTORS.map((factor) => ({ section: `pestel.${factor}`, items: frameworks.pestel?.[factor] ?? [] })),
  ];
  for (const { section, items } of sections) {
    for (const item of items) {
      if (!item.evidenceIds.some((id) => factIds.has(id))) continue;
      count += 1;
      issues.push({ severity: 'warning', dimension: 'evidence', section, message: `A financial fact is cited as qualitative evidence: “${snippet(item.text)}”.` });
    }
  }
  return count;
}
