import { CancelledError, ConsultantError } from '../../core/errors.js';
import type { DataGap } from '../../reports/model/report.js';
import { safeFetch } from '../safe-fetch/safe-fetch.js';
import type { Transport } from '../safe-fetch/pinned-transport.js';
import type { Resolver } from '../safe-fetch/url-guard.js';
import { describeUrl } from '../safe-fetch/url-guard.js';
import { documentFormat, parseDocument } from './read-document.js';
import type { DocumentFormat, LoadedDocument } from './read-document.js';

/** Content types a document URL may answer with, and the format each is read as. */
export const DOCUMENT_CONTENT_TYPES: Readonly<Record<string, DocumentFormat>> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

export interface UrlDocumentOptions {
  signal: AbortSignal;
  maxBytes: number;
  timeoutMs: number;
  userAgent?: string;
  resolver?: Resolver;
  transport?: Transport;
}

/** Whether a `--docs` entry is a URL (anything with a scheme) rather than a local path. */
export function isDocumentUrl(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry.trim());
}

export function partitionDocuments(entries: readonly string[]): { paths: string[]; urls: string[] } {
  const paths: string[] = [];
  const urls: string[] = [];
  for (const entry of entries) (isDocumentUrl(entry) ? urls : paths).push(entry);
  return { paths, urls };
}

/**
 * Fetches document URLs through the SSRF guard and parses them like local files. A URL that
 * is refused, fails or does not parse becomes a gap naming it; the others are returned in
 * the order given. Only cancellation throws.
 */
export async function fetchUrlDocuments(urls: readonly string[], options: UrlDocumentOptions): Promise<{ documents: LoadedDocument[]; gaps: DataGap[] }> {
  const documents: LoadedDocument[] = [];
  const gaps: DataGap[] = [];
  for (const url of urls) {
    try {
      const fetched = await safeFetch(url, {
        signal: options.signal,
        allowedContentTypes: Object.keys(DOCUMENT_CONTENT_TYPES),
        maxBytes: options.maxBytes,
        timeoutMs: options.timeoutMs,
        acceptUntyped: (final) => documentFormat(final.pathname) !== undefined,
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        ...(options.resolver ? { resolver: options.resolver } : {}),
        ...(options.transport ? { transport: options.transport } : {}),
      });
      const format = DOCUMENT_CONTENT_TYPES[fetched.contentType] ?? documentFormat(new URL(fetched.url).pathname) ?? 'text';
      documents.push(await parseDocument(fetched.bytes, format, url));
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      const message = error instanceof ConsultantError || error instanceof Error ? error.message : String(error);
      gaps.push({ source: `document ${describeUrl(url)}`, reason: `could not be used: ${message}`, impact: 'medium' });
    }
  }
  return { documents, gaps };
}
