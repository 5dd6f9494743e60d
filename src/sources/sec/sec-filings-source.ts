import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { DataGap, Depth } from '../../reports/model/report.js';
import { failure, guarded, notConfiguredGap, success } from '../connector.js';
import type { Outcome } from '../connector.js';
import { splitIntoPassages } from '../documents/passages.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { describeCandidates } from './company-tickers.js';
import { extractSections, SECTION_LABELS } from './filing-sections.js';
import type { SectionKey } from './filing-sections.js';
import { MISSING_USER_AGENT } from './sec-edgar-client.js';
import type { SecEdgarClient } from './sec-edgar-client.js';
import { latestFiling } from './submissions.js';
import type { CompanySubmissions, Filing } from './submissions.js';

/** A company found in SEC's list. */
export interface SecCompany {
  cik: string;
  ticker: string;
  title: string;
  /** How it was matched (`ticker`, `exact`, `normalised`, `fuzzy`...). */
  match: string;
}

/** Which filing sections each depth reads, and how many passages of each. */
export const FILING_SECTIONS: Readonly<Record<Depth, { annual: SectionKey[]; quarterly: SectionKey[]; passages: number }>> = {
  quick: { annual: [], quarterly: [], passages: 0 },
  standard: { annual: ['business', 'risk-factors'], quarterly: [], passages: 12 },
  deep: { annual: ['business', 'risk-factors', 'mdna'], quarterly: ['mdna', 'risk-factors'], passages: 40 },
};

const RECENT_FORMS = /^(10-K|10-Q|20-F|40-F|8-K|6-K|S-1|DEF 14A)(\/A)?$/;

/** Resolves the query's company in SEC's ticker list; ambiguity and absence become gaps naming candidates. */
export async function resolveSecCompany(client: SecEdgarClient, query: Pick<SourceQuery, 'company' | 'ticker' | 'cik'>, context: SourceContext): Promise<Outcome<SecCompany>> {
  if (!client.configured) return failure(notConfiguredGap(client.source, MISSING_USER_AGENT, 'medium'));
  const outcome = await guarded(client.source, 'Company lookup failed', 'medium', () =>
    client.resolve({ company: query.company, ...(query.ticker ? { ticker: query.ticker } : {}), ...(query.cik ? { cik: query.cik } : {}) }, context),
  );
  if (!outcome.ok) return outcome;
  const resolution = outcome.value;
  if (resolution.status === 'resolved') return success({ cik: resolution.cik, ticker: resolution.ticker, title: resolution.title, match: resolution.match });
  const reason =
    resolution.status === 'ambiguous'
      ? `"${query.company}" matches several companies: ${describeCandidates(resolution.candidates)}; name one exactly or pass its ticker`
      : `"${query.company}" is not in SEC's company list${resolution.candidates.length > 0 ? ` (closest: ${describeCandidates(resolution.candidates)})` : ''}`;
  return failure({ source: client.source, reason, impact: 'medium' });
}

/**
 * SEC EDGAR as research evidence: the company's profile and recent filings, and (standard and
 * deep) the Business and Risk Factors sections of its latest annual report; deep adds MD&A and
 * the latest 10-Q. Each section is cut into cited passages whose locator names the accession.
 */
export class SecFilingsSource implements EvidenceSource {
  readonly name = 'sec-edgar';

  constructor(private readonly client: SecEdgarClient) {}

  async collect(query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    const company = await resolveSecCompany(this.client, query, context);
    if (!company.ok) return { evidence: [], gaps: [company.gap] };
    const { cik, ticker, title, match } = company.value;
    const notes = [`Resolved "${query.company}" to ${title} (${ticker}, CIK ${cik}) by ${match} match`];
    const submissions = await guarded(this.name, 'Recent filings could not be read', 'medium', () => this.client.submissions(cik, context));
    if (!submissions.ok) return { evidence: [], gaps: [submissions.gap], notes };
    const retrievedAt = context.now();
    const evidence: Evidence[] = [profileEvidence(submissions.value, retrievedAt)];
    const gaps: DataGap[] = [];
    const plan = FILING_SECTIONS[query.depth];
    for (const [kind, keys] of [['annual', plan.annual], ['quarterly', plan.quarterly]] as const) {
      if (keys.length === 0) continue;
      const filing = latestFiling(submissions.value, kind);
      if (filing === undefined) {
        gaps.push({ source: this.name, reason: `No ${kind === 'annual' ? 'annual report (10-K/20-F)' : '10-Q'} among the recent filings`, impact: 'low' });
        continue;
      }
      const text = await guarded(this.name, `The ${filing.form} filed ${filing.filingDate} could not be read`, 'low', () => this.client.filingText(filing, context));
      if (!text.ok) {
        gaps.push(text.gap);
        continue;
      }
      const sections = extractSections(text.value.text, filing.form).filter((section) => keys.includes(section.key));
      for (const key of keys) {
        const section = sections.find((candidate) => candidate.key === key);
        if (section === undefined) {
          notes.push(`${filing.form} ${filing.accession}: no ${SECTION_LABELS[key]} section found`);
          continue;
        }
        evidence.push(...sectionEvidence(submissions.value, filing, section.key, section.heading, section.text, plan.passages, retrievedAt));
      }
    }
    return { evidence, gaps, notes };
  }
}

function profileEvidence(submissions: CompanySubmissions, retrievedAt: Date): Evidence {
  // The latest annual and quarterly reports always, then the most recent other material filings.
  const anchors = [latestFiling(submissions, 'annual'), latestFiling(submissions, 'quarterly')].filter((filing): filing is Filing => filing !== undefined);
  const others = submissions.filings.filter((filing) => RECENT_FORMS.test(filing.form) && !anchors.includes(filing)).slice(0, 8);
  const recent = [...anchors, ...others].sort((left, right) => right.filingDate.localeCompare(left.filingDate));
  const facts = [
    `${submissions.name} (CIK ${Number(submissions.cik)})`,
    submissions.tickers.length > 0 ? `tickers ${submissions.tickers.join(', ')}${submissions.exchanges.length > 0 ? ` on ${submissions.exchanges.join(', ')}` : ''}` : undefined,
    submissions.sicDescription ? `industry (SIC ${submissions.sic ?? '?'}): ${submissions.sicDescription}` : undefined,
    submissions.stateOfIncorporation ? `incorporated in ${submissions.stateOfIncorporation}` : undefined,
    submissions.fiscalYearEnd ? `fiscal year ends ${submissions.fiscalYearEnd.slice(0, 2)}-${submissions.fiscalYearEnd.slice(2)}` : undefined,
  ].filter((part): part is string => part !== undefined);
  const filings = recent.map((filing) => `${filing.form} filed ${filing.filingDate}${filing.reportDate ? ` (period ${filing.reportDate})` : ''}`);
  return makeEvidence(
    {
      kind: 'filing',
      title: `${submissions.name} — SEC company profile and recent filings`,
      excerpt: `${facts.join('; ')}. Recent filings: ${filings.join('; ') || 'none'}.`,
      locator: `sec:${submissions.cik}:submissions`,
      url: `https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=${submissions.cik}`,
      publisher: 'SEC EDGAR',
      attributes: { cik: submissions.cik, ticker: submissions.tickers[0] ?? null, sic: submissions.sic ?? null, industry: submissions.sicDescription ?? null },
    },
    retrievedAt,
  );
}

function sectionEvidence(submissions: CompanySubmissions, filing: Filing, key: SectionKey, heading: string, text: string, limit: number, retrievedAt: Date): Evidence[] {
  const passages = splitIntoPassages(text).slice(0, limit);
  return passages.map((passage, index) =>
    makeEvidence(
      {
        kind: 'filing',
        title: `${submissions.name} ${filing.form} (filed ${filing.filingDate}) — ${heading.slice(0, 200)} (passage ${index + 1})`,
        excerpt: passage,
        locator: `sec:${submissions.cik}:${filing.accession}:${key}#p${index + 1}`,
        url: filing.url,
        publisher: 'SEC EDGAR',
        publishedAt: filing.filingDate,
        attributes: { cik: submissions.cik, form: filing.form, accession: filing.accession, section: key, passage: index + 1 },
      },
      retrievedAt,
    ),
  );
}
