import { ERRC_ACTIONS, PESTEL_FACTORS, PORTER_FORCE_TITLES, SWOT_QUADRANTS } from '../../reports/model/frameworks.js';
import type { FrameworkName, FrameworkResults } from '../../reports/model/frameworks.js';
import { ACTION_VERBS } from './lexicons.js';
import { hasAnyTerm, indexStems } from './matcher.js';
import type { TermMatcher } from './matcher.js';
import { extractFigures, findNames, hasDate, hasNumber, stems, tokenize } from './text.js';

/**
 * Every cited statement of the framework results, flattened with where it sits and how much
 * its framework says it matters. Synthesis and quality review read frameworks through this, so
 * they work the same on a model's results as on the extractive ones.
 */
export interface FrameworkItem {
  framework: FrameworkName;
  /** Report section, e.g. `porter.supplier_power`, `swot.threats`, `pestel.legal`. */
  section: string;
  /** What the item is: a force driver, a SWOT quadrant, a PESTEL impact, an ERRC move. */
  role: 'driver' | 'strength' | 'weakness' | 'opportunity' | 'threat' | 'tailwind' | 'headwind' | 'factor' | 'move';
  /** A short label for templates: "Supplier power (4/5)", "Threat", "Legal headwind". */
  label: string;
  text: string;
  evidenceIds: string[];
  /** Importance from the framework itself: a driver of a 5/5 force outweighs a neutral PESTEL note. */
  weight: number;
}

const QUADRANT_ROLES = { strengths: 'strength', weaknesses: 'weakness', opportunities: 'opportunity', threats: 'threat' } as const;
const QUADRANT_WEIGHTS = { strengths: 1.5, weaknesses: 1.3, opportunities: 1.3, threats: 1.5 } as const;

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export function frameworkItems(frameworks: FrameworkResults): FrameworkItem[] {
  const items: FrameworkItem[] = [];
  for (const force of frameworks.porter?.forces ?? []) {
    for (const driver of force.drivers) {
      items.push({
        framework: 'porter',
        section: `porter.${force.force}`,
        role: 'driver',
        label: `${PORTER_FORCE_TITLES[force.force] ?? force.force} (${force.rating}/5)`,
        text: driver.text,
        evidenceIds: driver.evidenceIds,
        weight: (force.rating / 5) * 2,
      });
    }
  }
  const swot = frameworks.swot;
  if (swot !== undefined) {
    for (const quadrant of SWOT_QUADRANTS) {
      for (const item of swot[quadrant] ?? []) {
        const role = QUADRANT_ROLES[quadrant];
        items.push({ framework: 'swot', section: `swot.${quadrant}`, role, label: capitalise(role), text: item.text, evidenceIds: item.evidenceIds, weight: QUADRANT_WEIGHTS[quadrant] });
      }
    }
  }
  const pestel = frameworks.pestel;
  if (pestel !== undefined) {
    for (const factor of PESTEL_FACTORS) {
      for (const item of pestel[factor] ?? []) {
        const role = item.impact === 'negative' ? 'headwind' : item.impact === 'positive' ? 'tailwind' : 'factor';
        items.push({ framework: 'pestel', section: `pestel.${factor}`, role, label: `${capitalise(factor)} ${role}`, text: item.text, evidenceIds: item.evidenceIds, weight: role === 'factor' ? 0.6 : 1 });
      }
    }
  }
  const blueOcean = frameworks.blue_ocean;
  if (blueOcean !== undefined) {
    for (const action of ERRC_ACTIONS) {
      for (const item of blueOcean[action] ?? []) {
        items.push({ framework: 'blue_ocean', section: `blue_ocean.${action}`, role: 'move', label: capitalise(action), text: item.text, evidenceIds: item.evidenceIds, weight: 0.8 });
      }
    }
  }
  return items;
}

/**
 * 0–2: figures, names and dates are what make a statement checkable. The company's own name
 * does not count: "Acme should grow" is no more specific for naming Acme.
 */
export function textSpecificity(text: string, company?: TermMatcher): number {
  const names = findNames(text).filter((name) => company === undefined || !hasAnyTerm(indexStems(stems(name)), company));
  return (extractFigures(text).length > 0 ? 1 : hasNumber(text) ? 0.5 : 0) + (names.length > 0 ? 0.5 : 0) + (hasDate(text) ? 0.5 : 0);
}

const ACTION_VERB_SET = new Set<string>(ACTION_VERBS);
const LEAD_INS = new Set(['first', 'then', 'next', 'immediately', 'urgently', 'jointly', 'now', 'quickly', 'also']);

/** Whether a text opens with a concrete action verb, allowing one adverb before it ("Immediately qualify…"). */
export function startsWithActionVerb(text: string): boolean {
  const [first, second] = tokenize(text);
  if (first === undefined) return false;
  return ACTION_VERB_SET.has(first) || (LEAD_INS.has(first) && second !== undefined && ACTION_VERB_SET.has(second));
}
