import { PESTEL_FACTORS, PORTER_FORCE_TITLES } from '../../reports/model/frameworks.js';
import type { CitedItem, FrameworkResults, PorterForceName } from '../../reports/model/frameworks.js';
import type { QualityIssue } from '../../reports/model/report.js';
import { DUPLICATE_SIMILARITY, similarity } from './items.js';
import { PORTER_FORCE_TERMS } from './lexicons.js';
import { compileLexicons, hasAnyTerm, indexStems } from './matcher.js';
import { attractivenessOf, levelOf } from './porter.js';
import { stems } from './text.js';

const FORCE_MATCHERS = compileLexicons(PORTER_FORCE_TERMS);

/** Penalties, in points off 100, for each kind of contradiction. */
const PENALTY = {
  contradictoryItem: 20,
  attractivenessMismatch: 20,
  attractivenessDrift: 5,
  levelMismatch: 10,
  ratedWithoutEvidence: 10,
  strongForceNotEchoed: 10,
  identicalRatings: 25,
} as const;

function sameStatement(left: readonly CitedItem[], right: readonly CitedItem[]): Array<[CitedItem, CitedItem]> {
  const pairs: Array<[CitedItem, CitedItem]> = [];
  for (const a of left) {
    for (const b of right) if (similarity(a.text, b.text) >= DUPLICATE_SIMILARITY) pairs.push([a, b]);
  }
  return pairs;
}

function mentionsForce(item: CitedItem, force: PorterForceName): boolean {
  return hasAnyTerm(indexStems(stems(item.text)), FORCE_MATCHERS[force]);
}

/**
 * Contradictions a careful reader would catch: the same statement on both sides of the SWOT,
 * a strong force the SWOT never mentions, ratings that disagree with their own level or with
 * the attractiveness, ratings given without evidence.
 */
export function checkConsistency(frameworks: FrameworkResults, issues: QualityIssue[]): number {
  let score = 100;
  const swot = frameworks.swot;
  if (swot !== undefined) {
    for (const [left, right, sides] of [
      [swot.strengths ?? [], swot.weaknesses ?? [], 'a strength and a weakness'],
      [swot.opportunities ?? [], swot.threats ?? [], 'an opportunity and a threat'],
    ] as const) {
      for (const [item] of sameStatement(left, right)) {
        score -= PENALTY.contradictoryItem;
        issues.push({ severity: 'critical', dimension: 'consistency', section: 'swot', message: `The same statement is used as ${sides}: “${item.text.slice(0, 160)}”.` });
      }
    }
  }
  const pestel = frameworks.pestel;
  if (pestel !== undefined) {
    for (const factor of PESTEL_FACTORS) {
      const items = pestel[factor] ?? [];
      const pairs = sameStatement(items.filter((item) => item.impact === 'positive'), items.filter((item) => item.impact === 'negative'));
      for (const [item] of pairs) {
        score -= PENALTY.contradictoryItem;
        issues.push({ severity: 'warning', dimension: 'consistency', section: `pestel.${factor}`, message: `The same statement is marked both positive and negative: “${item.text.slice(0, 160)}”.` });
      }
    }
  }
  const porter = frameworks.porter;
  if (porter !== undefined && porter.forces.length > 0) {
    const expected = attractivenessOf(porter.forces);
    const gap = Math.abs(porter.industryAttractiveness - expected);
    if (gap >= 2) {
      score -= PENALTY.attractivenessMismatch;
      issues.push({ severity: 'warning', dimension: 'consistency', section: 'porter', message: `Industry attractiveness ${porter.industryAttractiveness}/5 disagrees with the force ratings, which imply about ${expected}/5.` });
    } else if (gap === 1) {
      score -= PENALTY.attractivenessDrift;
      issues.push({ severity: 'info', dimension: 'consistency', section: 'porter', message: `Industry attractiveness ${porter.industryAttractiveness}/5 is one step off the ${expected}/5 the ratings imply.` });
    }
    // Ratings that never differ, although evidence supports several forces, say nothing about the industry.
    const supported = porter.forces.filter((force) => force.drivers.length > 0);
    if (supported.length >= 3 && new Set(supported.map((force) => force.rating)).size === 1) {
      score -= PENALTY.identicalRatings;
      issues.push({ severity: 'warning', dimension: 'consistency', section: 'porter', message: `All ${supported.length} forces with evidence are rated ${supported[0]?.rating}/5: the ratings do not discriminate between forces the evidence describes differently.` });
    }
    const negatives = swot === undefined ? undefined : [...(swot.weaknesses ?? []), ...(swot.threats ?? [])];
    for (const force of porter.forces) {
      const title = PORTER_FORCE_TITLES[force.force] ?? force.force;
      if (force.level !== levelOf(force.rating)) {
        score -= PENALTY.levelMismatch;
        issues.push({ severity: 'warning', dimension: 'consistency', section: `porter.${force.force}`, message: `${title} is rated ${force.rating}/5 but labelled ${force.level}.` });
      }
      if (force.rating !== 3 && force.drivers.length === 0 && force.evidenceIds.length === 0) {
        score -= PENALTY.ratedWithoutEvidence;
        issues.push({ severity: 'warning', dimension: 'consistency', section: `porter.${force.force}`, message: `${title} is rated ${force.rating}/5 with no supporting evidence.` });
      }
      if (negatives !== undefined && force.rating >= 4 && force.drivers.length > 0 && !negatives.some((item) => mentionsForce(item, force.force))) {
        score -= PENALTY.strongForceNotEchoed;
        issues.push({ severity: 'warning', dimension: 'consistency', section: `porter.${force.force}`, message: `${title} is strong (${force.rating}/5) but no SWOT weakness or threat mentions it.` });
      }
    }
  }
  return Math.max(0, score);
}
