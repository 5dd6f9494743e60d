import { access, constants, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { ConsultantError } from '../../core/errors.js';
import { AnalysisRequest, type AnalysisRequestInput } from '../../reports/model/report.js';
import { FRAMEWORK_NAMES } from '../../reports/model/frameworks.js';
import { loadDocuments } from '../../sources/documents/index.js';
import { partitionDocuments } from '../../sources/documents/url-documents.js';
import { checkUrl } from '../../sources/safe-fetch/url-guard.js';
import { loadCompanyFactsFile } from '../../sources/sec/companyfacts.js';

function describe(error: z.ZodError, input: AnalysisRequestInput): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.') || 'request';
      if (issue.code === 'invalid_value' && issue.path[0] === 'frameworks') {
        const value = input.frameworks?.[Number(issue.path[1])];
        return `unknown framework ${JSON.stringify(String(value ?? '')).slice(0, 60)}; choose from ${FRAMEWORK_NAMES.join(', ')}`;
      }
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validates a request completely before anything is stored: the fields, every document path
 * (readable, supported, parseable) and the facts file (parseable companyfacts). Bad input fails
 * here with a user error, so no run is ever created half-way.
 */
export async function prepareAnalysis(input: AnalysisRequestInput, options: { signal?: AbortSignal } = {}): Promise<AnalysisRequest> {
  const parsed = AnalysisRequest.safeParse(input);
  if (!parsed.success) {
    const unknownFramework = parsed.error.issues.some((issue) => issue.path[0] === 'frameworks' && issue.code === 'invalid_value');
    throw new ConsultantError(unknownFramework ? 'UNKNOWN_FRAMEWORK' : 'INVALID_INPUT', describe(parsed.error, input), { details: { issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) } });
  }
  const request = parsed.data;
  request.frameworks = [...new Set(request.frameworks)];
  // Document URLs are checked here without the network (scheme, literal addresses); they are fetched by the research step.
  const { paths: localDocuments, urls } = partitionDocuments(request.documents);
  for (const url of urls) checkUrl(url);
  for (const path of localDocuments) {
    try {
      await stat(path);
      await access(path, constants.R_OK);
    } catch {
      throw new ConsultantError('DOCUMENT_UNREADABLE', `Cannot read documents at ${path}: no such file or folder, or not readable`, { details: { path } });
    }
  }
  if (localDocuments.length > 0) await loadDocuments(localDocuments, options.signal ? { signal: options.signal } : {});
  if (request.factsFile) await loadCompanyFactsFile(request.factsFile, options.signal ? { signal: options.signal } : {});
  return request;
}
