import type { StepHandler } from '../core/engine.js';
import { toJsonValue } from '../core/json.js';
import type { Evidence } from '../reports/model/evidence.js';
import type { DataGap, Depth } from '../reports/model/report.js';
import { documentsToEvidence, loadDocuments, type LoadedDocument, type SkippedFile } from '../sources/documents/index.js';
import { fetchUrlDocuments, partitionDocuments } from '../sources/documents/url-documents.js';
import { collectFrom, sourceContext } from '../sources/evidence-sources.js';
import type { EvidenceSources } from '../sources/evidence-sources.js';
import type { SourceContext, SourceQuery } from '../sources/source.js';
import type { ResearchOutput } from '../workflows/strategy/outputs.js';
import { type AgentServices, requestOf, servicesForRun, timed } from './services.js';

/** Passages kept per document: depth changes how much of each document the analysis reads. */
export const PASSAGES_PER_DOCUMENT: Record<Depth, number> = { quick: 25, standard: 80, deep: 400 };

/** What one connector contributed, for the step output and `consultantos sources`. */
export interface SourceSummary {
  source: string;
  evidence: number;
  gaps: number;
}

/** Local files and document URLs (fetched through the SSRF guard), as loaded documents. */
async function loadAllDocuments(
  entries: readonly string[],
  sources: EvidenceSources | undefined,
  signal: AbortSignal,
): Promise<{ documents: LoadedDocument[]; skipped: SkippedFile[]; gaps: DataGap[] }> {
  const { paths, urls } = partitionDocuments(entries);
  const skipped: SkippedFile[] = [];
  const local = paths.length > 0 ? await loadDocuments(paths, { signal, onSkip: (file) => skipped.push(file) }) : [];
  if (urls.length === 0) return { documents: local, skipped, gaps: [] };
  if (sources === undefined || !sources.enabled('document-urls')) {
    const reason = sources?.offline === false ? 'switched off in sources.disabled' : 'offline: document URLs are not fetched';
    return { documents: local, skipped, gaps: [{ source: 'document-urls', reason: `${urls.length} document URL(s) not read (${reason})`, impact: 'medium' }] };
  }
  const fetched = await fetchUrlDocuments(urls, { signal, ...sources.documentUrls });
  return { documents: [...local, ...fetched.documents], skipped, gaps: fetched.gaps };
}

/**
 * Research: the user's documents (files and URLs) become evidence passages, joined by the
 * network connectors — Wikipedia background, web search, news and SEC filing sections — each
 * of which reports a gap instead of failing when it is offline, unconfigured or down.
 */
export function researchAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const request = requestOf(context);
    const run = servicesForRun(services, request);
    const output = await timed(async (): Promise<Omit<ResearchOutput, 'durationMs'> & { sources: SourceSummary[] }> => {
      const gaps: DataGap[] = [];
      const { documents, skipped, gaps: documentGaps } = await loadAllDocuments(request.documents, run.sources, context.signal);
      gaps.push(...documentGaps);
      const retrievedAt = services.clock.now();
      const limit = PASSAGES_PER_DOCUMENT[request.depth];
      const evidence: Evidence[] = documents.flatMap((document) => documentsToEvidence([document], { retrievedAt }).slice(0, limit));
      for (const document of documents) {
        if (document.text.trim().length === 0) gaps.push({ source: `document ${document.path}`, reason: 'No extractable text (a scanned PDF?)', impact: 'medium' });
      }
      const network = await collectResearch(run.sources, researchQuery(request), sourceContext(run.sources, context.signal, () => services.clock.now()));
      for (const result of network) {
        evidence.push(...result.evidence);
        gaps.push(...result.gaps);
        for (const note of result.notes ?? []) await context.progress(`${result.source}: ${note}`);
      }
      const networkEvidence = network.reduce((sum, result) => sum + result.evidence.length, 0);
      if (request.documents.length === 0) {
        gaps.push({
          source: 'documents',
          reason: networkEvidence > 0 ? 'No documents were provided (--docs); the analysis rests on public sources' : 'No documents were provided (--docs); the analysis rests on financial facts only',
          impact: networkEvidence > 0 ? 'low' : 'high',
        });
      }
      await context.registerEvidence(evidence);
      await context.progress(`${evidence.length} passages from ${documents.length} documents and ${network.length} network sources`, { documents: documents.length, passages: evidence.length, network: networkEvidence });
      return {
        documents: documents.map((document) => ({
          path: document.path,
          title: document.title,
          format: document.format,
          passages: evidence.filter((item) => item.locator.startsWith(`${document.path}#`)).length,
        })),
        skipped: skipped.map((file) => ({ path: file.path, reason: file.reason })),
        evidenceCount: evidence.length,
        gaps,
        sources: network.map((result) => ({ source: result.source, evidence: result.evidence.length, gaps: result.gaps.length })),
      };
    });
    return { output: toJsonValue(output) };
  };
}

export function researchQuery(request: { company: string; industry?: string; depth: Depth; context?: string }): SourceQuery {
  return {
    company: request.company,
    ...(request.industry ? { industry: request.industry } : {}),
    depth: request.depth,
    focusTerms: request.context ? request.context.split(/\W+/).filter((word) => word.length > 4).slice(0, 6) : [],
  };
}

/** The research connectors, run side by side (each has its own upstream and limiter). */
export function collectResearch(sources: EvidenceSources | undefined, query: SourceQuery, context: SourceContext) {
  return Promise.all([
    collectFrom(sources, 'wikipedia', (all) => all.wikipedia, query, context),
    collectFrom(sources, 'web-search', (all) => all.webSearch, query, context),
    collectFrom(sources, 'news', (all) => all.news, query, context),
    collectFrom(sources, 'sec-edgar', (all) => all.filings, query, context),
  ]);
}
