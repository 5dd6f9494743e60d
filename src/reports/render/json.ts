import { ConsultantError } from '../../core/errors.js';
import { Report } from '../model/report.js';

/**
 * The stored report as pretty JSON, keys in stored order. The output is parsed back against the
 * report schema before it is returned: an export the project could not re-import is a bug to
 * surface, not a file to hand out.
 */
export function renderJson(report: Report): string {
  const output = `${JSON.stringify(report, null, 2)}\n`;
  const parsed = Report.safeParse(JSON.parse(output));
  if (!parsed.success) {
    throw new ConsultantError('INTERNAL', 'The stored report does not match the report schema', {
      cause: parsed.error,
      details: { reportId: report.id, issues: summarizeIssues(parsed.error.issues) },
    });
  }
  return output;
}

/** Reads an exported report back (an import, or a test's round trip), validating it. */
export function parseReportJson(text: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConsultantError('INVALID_INPUT', 'The report JSON cannot be parsed', { cause: error });
  }
  const parsed = Report.safeParse(value);
  if (!parsed.success) {
    throw new ConsultantError('INVALID_INPUT', 'The JSON is not a valid report', {
      cause: parsed.error,
      details: { issues: summarizeIssues(parsed.error.issues) },
    });
  }
  return parsed.data;
}

// Enough to locate the problem without copying report content into logs and API errors.
function summarizeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
