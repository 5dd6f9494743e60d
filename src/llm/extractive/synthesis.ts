import { PORTER_FORCE_TITLES } from '../../reports/model/frameworks.js';
import type { CitedItem, FrameworkResults } from '../../reports/model/frameworks.js';
import type { Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { executiveSummary } from './executive-summary.js';
import { frameworkItems, textSpecificity } from './framework-items.js';
import type { FrameworkItem } from './framework-items.js';
import { citedItem, knownEvidenceIds, takeDistinct, takeDiverse } from './items.js';
import { compileTerms, indexStems, matchTerms } from './matcher.js';
import { buildNextSteps } from './next-steps.js';
import { buildPassages, companyMatcher, depthSettings, FOCUS_WEIGHT, focusTermsOf } from './passages.js';
import { leadClause } from './phrases.js';
import { planRecommendations } from './recommendations.js';
import { clip, listPhrase, stems, tidy } from './text.js';

const MAX_FINDINGS = 10;
const FINDING_CHARS = 240;

interface ScoredItem {
  item: FrameworkItem;
  score: number;
  /** How many framework sections carry the same statement. */
  uses: number;
}

/** The statement under its "Label: " prefix, normalised, for spotting one passage used twice. */
export function statementKey(text: string): string {
  return text.replace(/^[\p{L} ()/0-9]{1,40}:\s+/u, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function scoreItems(brief: AnalysisBrief, frameworks: FrameworkResults): ScoredItem[] {
  const focus = compileTerms(focusTermsOf(brief));
  const company = companyMatcher(brief.company);
  const items = frameworkItems(frameworks);
  const uses = new Map<string, number>();
  for (const item of items) uses.set(statementKey(item.text), (uses.get(statementKey(item.text)) ?? 0) + 1);
  return items
    .map((item) => {
      const focusHits = matchTerms(indexStems(stems(item.text)), focus).matched.length;
      const count = uses.get(statementKey(item.text)) ?? 1;
      // A statement already repeated across frameworks adds little when the synthesis repeats it again.
      const score = item.weight + textSpecificity(item.text, company) + 0.3 * Math.min(3, item.evidenceIds.length) + FOCUS_WEIGHT * focusHits - 1.5 * (count - 1);
      return { item, score, uses: count };
    })
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => b.score - a.score || a.order - b.order);
}

function findingText(entry: ScoredItem): string {
  // Blue Ocean items already open with their move ("Reduce: …"); the label is not said twice.
  const text = entry.item.text.startsWith(`${entry.item.label}:`) ? entry.item.text.slice(entry.item.label.length + 1).trim() : entry.item.text;
  return `${entry.item.label}: ${leadClause(text, FINDING_CHARS)}.`;
}

function keyFindings(brief: AnalysisBrief, scored: readonly ScoredItem[], known: ReadonlySet<string>, limit: number): { findings: CitedItem[]; used: Set<string> } {
  const distinct = takeDiverse(scored, (entry) => entry.item.text, (entry) => entry.item.section, 1, Math.min(MAX_FINDINGS, limit));
  const findings = distinct.map((entry) => citedItem(tidy(findingText(entry)), entry.item.evidenceIds, known));
  const used = new Set(distinct.map((entry) => statementKey(entry.item.text)));
  if (findings.length > 0) return { findings, used };
  const gap =
    brief.evidence.length === 0
      ? `No evidence was retrieved for ${brief.company.name}; no finding can be grounded until sources are added.`
      : `The ${brief.evidence.length} evidence item(s) retrieved for ${brief.company.name} do not address the requested frameworks; no finding can be grounded in them.`;
  return { findings: [{ text: gap, evidenceIds: [] }], used };
}

/**
 * Risks: strong forces with the driver that best explains them, then threats and headwinds.
 * A statement already given as a key finding is not repeated; a force falls back to its next driver.
 */
function risks(scored: readonly ScoredItem[], frameworks: FrameworkResults, known: ReadonlySet<string>, limit: number, used: ReadonlySet<string>): CitedItem[] {
  const candidates: Array<{ text: string; ids: string[] }> = [];
  for (const force of [...(frameworks.porter?.forces ?? [])].sort((a, b) => b.rating - a.rating)) {
    if (force.rating < 4 || force.drivers.length === 0) continue;
    const driver = force.drivers.find((item) => !used.has(statementKey(item.text))) ?? force.drivers[0];
    const text = leadClause(driver?.text ?? force.rationale, FINDING_CHARS);
    candidates.push({ text: `${PORTER_FORCE_TITLES[force.force]} is high (${force.rating}/5): ${text}.`, ids: [...(driver?.evidenceIds ?? [])] });
  }
  const others = scored
    .filter((entry) => (entry.item.role === 'threat' || entry.item.role === 'headwind') && !used.has(statementKey(entry.item.text)))
    .sort((a, b) => a.uses - b.uses);
  for (const entry of others) candidates.push({ text: findingText(entry), ids: entry.item.evidenceIds });
  return takeDistinct(candidates, (candidate) => candidate.text, Math.min(10, limit)).map((candidate) => citedItem(tidy(candidate.text), candidate.ids, known));
}

function contextResponse(brief: AnalysisBrief, scored: readonly ScoredItem[], known: ReadonlySet<string>): CitedItem | undefined {
  if (brief.context === undefined || brief.context.trim().length === 0) return undefined;
  const context = clip(brief.context.trim().replace(/\s+/g, ' '), 200);
  const terms = focusTermsOf(brief);
  if (terms.length === 0) {
    return { text: `The context “${context}” names no term the evidence could be searched for, so the findings above are not tied to it.`, evidenceIds: [] };
  }
  const passages = buildPassages(brief)
    .filter((passage) => passage.focusHits.length > 0 && passage.shape === 'sentence')
    .sort((a, b) => b.focusHits.length - a.focusHits.length || b.specificity - a.specificity || a.order - b.order);
  if (passages.length === 0) {
    return {
      text: `None of the retrieved evidence mentions ${listPhrase(terms.slice(0, 6))}; the findings above do not address “${context}” directly, so gather sources on it before drawing conclusions.`,
      evidenceIds: [],
    };
  }
  const matched = [...new Set(passages.flatMap((passage) => passage.focusHits))];
  const focus = compileTerms(terms);
  const related = takeDistinct(
    scored.filter((entry) => matchTerms(indexStems(stems(entry.item.text)), focus).score > 0),
    (entry) => entry.item.text,
    3,
  );
  const parts = [`On “${context}”: ${passages.length} evidence passage(s) mention ${listPhrase(matched.slice(0, 6))}.`];
  const top = passages.slice(0, 2);
  parts.push(`Most relevant: ${top.map((passage) => `“${leadClause(passage.text, 300)}.”`).join(' ')}`);
  if (related.length > 0) {
    parts.push(`In the analysis this bears on: ${listPhrase(related.map((entry) => `${entry.item.label.toLowerCase()} (${leadClause(entry.item.text, 100)})`))}.`);
  } else {
    parts.push('None of the framework items selected above mentions it, so weigh these passages separately.');
  }
  const ids = [...top.flatMap((passage) => passage.evidenceIds), ...related.flatMap((entry) => entry.item.evidenceIds)];
  return citedItem(tidy(parts.join(' ')), ids, known);
}

export function extractSynthesis(brief: AnalysisBrief, frameworks: FrameworkResults): Synthesis {
  const settings = depthSettings(brief.depth);
  const known = knownEvidenceIds(brief);
  const scored = scoreItems(brief, frameworks);
  const planned = planRecommendations(brief, frameworks, known, settings.itemsPerList);
  const recommendations = planned.map((entry) => entry.recommendation);
  const summary = executiveSummary(brief, frameworks, recommendations[0], known);
  const findings = keyFindings(brief, scored, known, settings.itemsPerList);
  const synthesis: Synthesis = {
    executiveSummary: summary.text,
    summaryEvidenceIds: summary.ids,
    keyFindings: findings.findings,
    recommendations,
    risks: risks(scored, frameworks, known, settings.itemsPerList, findings.used),
    nextSteps: buildNextSteps(brief, frameworks, planned, settings.itemsPerList + 1),
  };
  const response = contextResponse(brief, scored, known);
  if (response !== undefined) synthesis.contextResponse = response;
  return synthesis;
}
