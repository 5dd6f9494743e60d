import type { DataGap } from '../reports/model/report.js';
import { guarded } from './connector.js';
import { collectFrom } from './evidence-sources.js';
import type { EvidenceSources, SourceName } from './evidence-sources.js';
import { resolveSecCompany } from './sec/sec-filings-source.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from './source.js';

/** What one connector returned for a company: the `consultantos sources` report line. */
export interface ConnectorReport {
  source: SourceName;
  /** `ok`: evidence and no gap; `partial`: evidence and gaps; `gap`: nothing usable; `off`: offline or disabled. */
  status: 'ok' | 'partial' | 'gap' | 'off';
  evidence: number;
  /** Evidence titles, first few, so a user sees what came back. */
  samples: string[];
  gaps: DataGap[];
  notes: string[];
  durationMs: number;
  /** SEC only: the company as resolved and the companyfacts count. */
  resolution?: { cik: string; ticker: string; title: string; match: string };
  facts?: { count: number; concepts: number; entityName: string };
}

function report(source: SourceName, result: SourceResult, started: number, off: boolean): ConnectorReport {
  const status = off ? 'off' : result.evidence.length === 0 ? 'gap' : result.gaps.length > 0 ? 'partial' : 'ok';
  return {
    source,
    status,
    evidence: result.evidence.length,
    samples: result.evidence.slice(0, 3).map((item) => item.title),
    gaps: result.gaps,
    notes: result.notes ?? [],
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Runs every connector once for a company and reports what each returned — resolution, facts,
 * evidence counts, gaps — without running an analysis. A debugging aid: never throws for an
 * upstream failure, only for cancellation.
 */
export async function inspectSources(sources: EvidenceSources, query: SourceQuery, context: SourceContext): Promise<ConnectorReport[]> {
  const reports: ConnectorReport[] = [];
  const run = async (name: SourceName, pick: (all: EvidenceSources) => EvidenceSource, own: SourceQuery = query): Promise<ConnectorReport> => {
    const started = performance.now();
    return report(name, await collectFrom(sources, name, pick, own, context), started, !sources.enabled(name));
  };

  const secStarted = performance.now();
  const sec = await run('sec-edgar', (all) => all.filings);
  if (sources.enabled('sec-edgar') && sources.sec.configured) {
    const company = await resolveSecCompany(sources.sec, query, context);
    if (company.ok) {
      sec.resolution = company.value;
      const facts = await guarded('sec-edgar', 'Companyfacts could not be read', 'medium', () => sources.sec.companyFacts(company.value.cik, context));
      if (facts.ok) sec.facts = { count: facts.value.facts.length, concepts: facts.value.concepts.length, entityName: facts.value.entityName };
      else sec.gaps.push(facts.gap);
    }
    sec.durationMs = Math.round(performance.now() - secStarted);
  }
  reports.push(sec);
  // Market data uses the ticker SEC resolved, as the market agent does.
  const marketQuery = sec.resolution ? { ...query, ticker: query.ticker ?? sec.resolution.ticker, cik: sec.resolution.cik } : query;
  reports.push(
    ...(await Promise.all([
      run('market-data', (all) => all.market, marketQuery),
      run('wikipedia', (all) => all.wikipedia),
      run('web-search', (all) => all.webSearch),
      run('news', (all) => all.news),
    ])),
  );
  // Trends last and alone: it is the connector most likely to be rate limited.
  reports.push(await run('trends', (all) => all.trends));
  return reports;
}
