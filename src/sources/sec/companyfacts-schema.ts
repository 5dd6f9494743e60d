import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** One reported value as SEC serves it in `units.<UNIT>[]`. */
export const CompanyFactsEntry = z.object({
  start: isoDate.optional(),
  end: isoDate,
  val: z.number().finite(),
  accn: z.string().min(1),
  /** Fiscal year of the filing (not of the period); null in a few old filings. */
  fy: z.number().int().nullable().optional(),
  /** Fiscal period of the filing: FY, Q1, Q2, Q3; null in a few old filings. */
  fp: z.string().nullable().optional(),
  form: z.string().min(1),
  filed: isoDate,
  frame: z.string().optional(),
});
export type CompanyFactsEntry = z.infer<typeof CompanyFactsEntry>;

export const CompanyFactsConcept = z.object({
  // SEC leaves label and description null for some company-specific and newer concepts.
  label: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  units: z.record(z.string(), z.array(CompanyFactsEntry)),
});
export type CompanyFactsConcept = z.infer<typeof CompanyFactsConcept>;

/** data.sec.gov/api/xbrl/companyfacts/CIK##########.json */
export const CompanyFactsDocument = z.object({
  cik: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,10}$/, 'expected the CIK as digits')]),
  entityName: z.string(),
  facts: z.record(z.string(), z.record(z.string(), CompanyFactsConcept)),
});
export type CompanyFactsDocument = z.infer<typeof CompanyFactsDocument>;

/** The first few validation issues as `path: problem`, readable in an error message. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - limit;
  if (more > 0) lines.push(`…and ${more} more problem(s)`);
  return lines.join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}
