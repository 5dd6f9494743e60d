import type { CitedItem, FrameworkResults } from './model/frameworks.js';
import type { CitationStats, Synthesis } from './model/report.js';

export interface CitationCheckResult {
  frameworks: FrameworkResults;
  synthesis: Synthesis;
  stats: CitationStats;
  warnings: string[];
}

interface Counter {
  cited: Set<string>;
  verified: number;
  removedInvalid: number;
  droppedItems: number;
  flaggedItems: number;
  items: number;
  warnings: string[];
}

/** Keeps only ids that exist in the registry; counts what it removed. */
function cleanIds(ids: readonly string[], registry: ReadonlySet<string>, counter: Counter): string[] {
  const kept: string[] = [];
  for (const id of new Set(ids)) {
    if (registry.has(id)) {
      kept.push(id);
      counter.cited.add(id);
      counter.verified += 1;
    } else {
      counter.removedInvalid += 1;
    }
  }
  return kept;
}

/**
 * A list of cited items: unsupported items are dropped, unless the list must not be empty, in
 * which case they stay and are flagged (the report's warnings name them).
 */
function checkList<T extends CitedItem>(items: readonly T[], registry: ReadonlySet<string>, counter: Counter, section: string, keepAtLeastOne = false): T[] {
  const checked = items.map((item) => ({ ...item, evidenceIds: cleanIds(item.evidenceIds, registry, counter) }));
  counter.items += checked.length;
  const supported = checked.filter((item) => item.evidenceIds.length > 0);
  const unsupported = checked.length - supported.length;
  if (unsupported === 0) return checked;
  if (keepAtLeastOne && supported.length === 0) {
    counter.flaggedItems += unsupported;
    counter.warnings.push(`${section}: ${unsupported} item(s) have no supporting evidence and are shown as unverified`);
    return checked;
  }
  counter.droppedItems += unsupported;
  counter.warnings.push(`${section}: ${unsupported} item(s) without supporting evidence were removed`);
  return supported;
}

/** Items that must stay (a Porter force, a canvas factor, a summary) are flagged, never dropped. */
function flagIfEmpty(ids: string[], counter: Counter, section: string): void {
  counter.items += 1;
  if (ids.length === 0) {
    counter.flaggedItems += 1;
    counter.warnings.push(`${section}: no supporting evidence`);
  }
}

/**
 * The citation check that runs before a report is saved: every cited id must exist in the
 * run's evidence registry. Invented ids are removed; items left without support are dropped
 * or flagged. The counts become part of the report.
 */
export function checkCitations(frameworks: FrameworkResults, synthesis: Synthesis, registryIds: Iterable<string>): CitationCheckResult {
  const registry = new Set(registryIds);
  const counter: Counter = { cited: new Set(), verified: 0, removedInvalid: 0, droppedItems: 0, flaggedItems: 0, items: 0, warnings: [] };
  const checked: FrameworkResults = {};

  if (frameworks.porter) {
    checked.porter = {
      ...frameworks.porter,
      forces: frameworks.porter.forces.map((force) => {
        const evidenceIds = cleanIds(force.evidenceIds, registry, counter);
        const drivers = checkList(force.drivers, registry, counter, `Porter ${force.force} drivers`);
        const supported = evidenceIds.length > 0 ? evidenceIds : [...new Set(drivers.flatMap((driver) => driver.evidenceIds))];
        flagIfEmpty(supported, counter, `Porter ${force.force}`);
        return { ...force, evidenceIds: supported, drivers };
      }),
    };
  }
  if (frameworks.swot) {
    const swot = frameworks.swot;
    checked.swot = {
      ...swot,
      strengths: checkList(swot.strengths, registry, counter, 'SWOT strengths'),
      weaknesses: checkList(swot.weaknesses, registry, counter, 'SWOT weaknesses'),
      opportunities: checkList(swot.opportunities, registry, counter, 'SWOT opportunities'),
      threats: checkList(swot.threats, registry, counter, 'SWOT threats'),
    };
  }
  if (frameworks.pestel) {
    const pestel = frameworks.pestel;
    checked.pestel = {
      ...pestel,
      political: checkList(pestel.political, registry, counter, 'PESTEL political'),
      economic: checkList(pestel.economic, registry, counter, 'PESTEL economic'),
      social: checkList(pestel.social, registry, counter, 'PESTEL social'),
      technological: checkList(pestel.technological, registry, counter, 'PESTEL technological'),
      environmental: checkList(pestel.environmental, registry, counter, 'PESTEL environmental'),
      legal: checkList(pestel.legal, registry, counter, 'PESTEL legal'),
    };
  }
  if (frameworks.blue_ocean) {
    const ocean = frameworks.blue_ocean;
    checked.blue_ocean = {
      ...ocean,
      eliminate: checkList(ocean.eliminate, registry, counter, 'Blue Ocean eliminate'),
      reduce: checkList(ocean.reduce, registry, counter, 'Blue Ocean reduce'),
      raise: checkList(ocean.raise, registry, counter, 'Blue Ocean raise'),
      create: checkList(ocean.create, registry, counter, 'Blue Ocean create'),
      strategyCanvas: ocean.strategyCanvas.map((factor) => {
        const evidenceIds = cleanIds(factor.evidenceIds, registry, counter);
        flagIfEmpty(evidenceIds, counter, `Strategy canvas ${factor.factor}`);
        return { ...factor, evidenceIds };
      }),
    };
  }

  const summaryEvidenceIds = cleanIds(synthesis.summaryEvidenceIds, registry, counter);
  flagIfEmpty(summaryEvidenceIds, counter, 'Executive summary');
  const contextResponse = synthesis.contextResponse ? { ...synthesis.contextResponse, evidenceIds: cleanIds(synthesis.contextResponse.evidenceIds, registry, counter) } : undefined;
  if (contextResponse) flagIfEmpty(contextResponse.evidenceIds, counter, 'Context response');
  const checkedSynthesis: Synthesis = {
    ...synthesis,
    summaryEvidenceIds,
    keyFindings: checkList(synthesis.keyFindings, registry, counter, 'Key findings', true),
    recommendations: checkList(synthesis.recommendations, registry, counter, 'Recommendations', true),
    risks: checkList(synthesis.risks, registry, counter, 'Risks'),
    ...(contextResponse ? { contextResponse } : {}),
  };
  if (!contextResponse) delete checkedSynthesis.contextResponse;

  return {
    frameworks: checked,
    synthesis: checkedSynthesis,
    stats: {
      citedIds: counter.cited.size,
      verified: counter.verified,
      removedInvalid: counter.removedInvalid,
      droppedItems: counter.droppedItems,
      flaggedItems: counter.flaggedItems,
      items: counter.items,
    },
    warnings: counter.warnings,
  };
}

/** Every evidence id a report body cites (after the check). */
export function citedEvidenceIds(frameworks: FrameworkResults, synthesis: Synthesis): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'evidenceIds' || key === 'summaryEvidenceIds') && Array.isArray(child)) child.forEach((id) => typeof id === 'string' && ids.add(id));
        else visit(child);
      }
    }
  };
  visit(frameworks);
  visit(synthesis);
  return ids;
}
