import { z } from 'zod';

const RecentFilings = z.object({
  accessionNumber: z.array(z.string()),
  filingDate: z.array(z.string()),
  reportDate: z.array(z.string().nullable()).optional(),
  form: z.array(z.string()),
  primaryDocument: z.array(z.string()),
  primaryDocDescription: z.array(z.string().nullable()).optional(),
});

const SubmissionsDocument = z.object({
  cik: z.union([z.string().regex(/^\d{1,10}$/), z.number().int().nonnegative()]),
  name: z.string(),
  tickers: z.array(z.string()).nullable().optional(),
  exchanges: z.array(z.string().nullable()).nullable().optional(),
  sic: z.string().nullable().optional(),
  sicDescription: z.string().nullable().optional(),
  fiscalYearEnd: z.string().nullable().optional(),
  stateOfIncorporationDescription: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  entityType: z.string().nullable().optional(),
  filings: z.object({ recent: RecentFilings }),
});

/** One filing of the company, with the URL of its primary document. */
export interface Filing {
  accession: string;
  form: string;
  filingDate: string;
  reportDate?: string;
  primaryDocument: string;
  description?: string;
  url: string;
}

export interface CompanySubmissions {
  /** Ten digits, zero-padded. */
  cik: string;
  name: string;
  tickers: string[];
  exchanges: string[];
  sic?: string;
  sicDescription?: string;
  /** MMDD. */
  fiscalYearEnd?: string;
  stateOfIncorporation?: string;
  website?: string;
  /** Newest first, as SEC lists them. */
  filings: Filing[];
}

/** https://www.sec.gov/Archives/edgar/data/<cik>/<accession without dashes>/<document> */
export function filingDocumentUrl(cik: string, accession: string, document: string): string {
  return `https://www.sec.gov/Archives/edgar/data/${Number(cik)}/${accession.replace(/-/g, '')}/${encodeURIComponent(document)}`;
}

/**
 * Parses data.sec.gov/submissions/CIK##########.json. Also accepts the response wrapped by a
 * cache as `{ data, timestamp, ttl }`, as some mirrors store it. Throws (Zod) on another shape.
 */
export function parseSubmissions(value: unknown): CompanySubmissions {
  const unwrapped = isCacheWrapped(value) ? value.data : value;
  const document = SubmissionsDocument.parse(unwrapped);
  const cik = String(document.cik).padStart(10, '0');
  const recent = document.filings.recent;
  const filings: Filing[] = recent.accessionNumber.map((accession, index) => {
    const filing: Filing = {
      accession,
      form: recent.form[index] ?? '',
      filingDate: recent.filingDate[index] ?? '',
      primaryDocument: recent.primaryDocument[index] ?? '',
      url: filingDocumentUrl(cik, accession, recent.primaryDocument[index] ?? ''),
    };
    const reportDate = recent.reportDate?.[index];
    if (reportDate) filing.reportDate = reportDate;
    const description = recent.primaryDocDescription?.[index];
    if (description) filing.description = description;
    return filing;
  });
  const submissions: CompanySubmissions = {
    cik,
    name: document.name,
    tickers: document.tickers ?? [],
    exchanges: (document.exchanges ?? []).filter((exchange): exchange is string => typeof exchange === 'string' && exchange.length > 0),
    filings,
  };
  if (document.sic) submissions.sic = document.sic;
  if (document.sicDescription) submissions.sicDescription = document.sicDescription;
  if (document.fiscalYearEnd) submissions.fiscalYearEnd = document.fiscalYearEnd;
  if (document.stateOfIncorporationDescription) submissions.stateOfIncorporation = document.stateOfIncorporationDescription;
  if (document.website) submissions.website = document.website;
  return submissions;
}

function isCacheWrapped(value: unknown): value is { data: unknown } {
  return typeof value === 'object' && value !== null && 'data' in value && !('filings' in value);
}

const ANNUAL_FORMS = /^(10-K|10-K405|10-KT|20-F|40-F)$/;
const QUARTERLY_FORMS = /^10-Q$/;

/** The newest filing of a form family with a primary document (amendments skipped: they are often partial). */
export function latestFiling(submissions: CompanySubmissions, kind: 'annual' | 'quarterly'): Filing | undefined {
  const pattern = kind === 'annual' ? ANNUAL_FORMS : QUARTERLY_FORMS;
  return submissions.filings.find((filing) => pattern.test(filing.form) && filing.primaryDocument.length > 0);
}
