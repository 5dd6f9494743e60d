import { CancelledError } from '../../core/errors.js';
import type { DataGap } from '../../reports/model/report.js';
import type { EvidenceSources } from '../../sources/evidence-sources.js';
import { guarded } from '../../sources/connector.js';
import { loadCompanyFactsFile } from '../../sources/sec/companyfacts.js';
import type { ParsedCompanyFacts } from '../../sources/sec/companyfacts.js';
import { resolveSecCompany } from '../../sources/sec/sec-filings-source.js';
import type { SourceContext } from '../../sources/source.js';

export interface LoadedFacts {
  parsed?: ParsedCompanyFacts;
  /** Where the facts came from. */
  origin?: 'file' | 'sec-edgar';
  /** The company's ticker, when SEC's list names one (for market multiples). */
  ticker?: string;
  gaps: DataGap[];
}

/**
 * The company's reported facts: the `--facts` file when given, else SEC EDGAR's companyfacts
 * for the company resolved by name. Without either, a high-impact gap: no metric can be
 * computed. A facts file the user gave that cannot be read is the user's error and throws.
 */
export async function loadFinancialFacts(
  request: { company: string; factsFile?: string },
  sources: EvidenceSources | undefined,
  context: SourceContext,
): Promise<LoadedFacts> {
  const secUsable = sources !== undefined && sources.enabled('sec-edgar') && sources.sec.configured;
  if (request.factsFile) {
    const parsed = await loadCompanyFactsFile(request.factsFile, { signal: context.signal });
    const loaded: LoadedFacts = { parsed, origin: 'file', gaps: [] };
    if (secUsable) {
      const company = await resolveSecCompany(sources.sec, { company: parsed.entityName, cik: parsed.cik }, context).catch((error: unknown) => {
        if (error instanceof CancelledError) throw error;
        return undefined;
      });
      if (company?.ok) loaded.ticker = company.value.ticker;
    }
    return loaded;
  }
  if (sources === undefined) {
    return { gaps: [{ source: 'financial facts', reason: 'No financial facts were provided (--facts); no metrics could be computed', impact: 'high' }] };
  }
  if (!sources.enabled('sec-edgar')) {
    const why = sources.offline ? 'and SEC EDGAR is not queried offline' : 'and SEC EDGAR is switched off';
    return { gaps: [{ source: 'financial facts', reason: `No financial facts were provided (--facts) ${why}; no metrics could be computed`, impact: 'high' }] };
  }
  const company = await resolveSecCompany(sources.sec, { company: request.company }, context);
  if (!company.ok) return { gaps: [{ ...company.gap, impact: 'high', reason: `No financial facts: ${company.gap.reason}` }] };
  const facts = await guarded('sec-edgar', `Companyfacts of CIK ${company.value.cik} could not be read`, 'high', () => sources.sec.companyFacts(company.value.cik, context));
  if (!facts.ok) return { gaps: [facts.gap] };
  return { parsed: facts.value, origin: 'sec-edgar', ticker: company.value.ticker, gaps: [] };
}
