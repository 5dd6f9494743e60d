import type { Cache } from '../core/ports/cache.js';
import type { Evidence } from '../reports/model/evidence.js';
import type { FinancialFact } from '../reports/model/financials.js';
import type { DataGap, Depth } from '../reports/model/report.js';

/** What the run asks every source about. Sources use what applies to them and ignore the rest. */
export interface SourceQuery {
  /** The company as the user named it (not normalised). */
  company: string;
  ticker?: string;
  /** SEC central index key when already resolved, digits only. */
  cik?: string;
  industry?: string;
  /** Bounds how much a source fetches: quick < standard < deep. */
  depth: Depth;
  /** Topics the analysis cares about (frameworks, user context); sources may rank by them. */
  focusTerms: string[];
}

/** What the engine lends a source for one collection. */
export interface SourceContext {
  /** Aborted on cancellation, step timeout or shutdown; sources pass it to every I/O call. */
  signal: AbortSignal;
  /** The run's clock: stamps `retrievedAt` so tests and replays are deterministic. */
  now(): Date;
  /** Shared response cache; keys must include the source name. Absent in tests and one-shot runs. */
  cache?: Cache;
}

/** The outcome of one collection. A source that found nothing returns empty lists and a gap. */
export interface SourceResult {
  /** Evidence built with `makeEvidence`, so ids are stable across re-executions. */
  evidence: Evidence[];
  /** Reported numbers, for sources that have them (SEC companyfacts, market data). */
  facts?: FinancialFact[];
  /** What could not be retrieved and how much the analysis loses without it. */
  gaps: DataGap[];
  /** Human-readable remarks for the run log (skipped files, truncated results...). */
  notes?: string[];
}

/**
 * An evidence source: local documents now; SEC EDGAR, market quotes, Wikipedia, web search,
 * news and trends connectors later. The engine calls `collect` once per run step and registers
 * what comes back.
 *
 * Promises every implementation keeps:
 * - An upstream failure (network error, HTTP 4xx/5xx, rate limit, a response that does not
 *   parse) never throws: it resolves with the evidence gathered so far and a `DataGap` saying
 *   what is missing, so the run degrades to `partial` instead of failing.
 * - It throws a `ConsultantError` only for input the user must fix (a document path that does
 *   not exist, a malformed facts file: `INVALID_INPUT`, `DOCUMENT_UNREADABLE`, `FACTS_MALFORMED`),
 *   or a `CancelledError` when `context.signal` aborts.
 * - Results are deterministic for the same upstream content and `context.now()`: evidence ids
 *   are content hashes, and lists come out in a stable order.
 * - It never reads `process.env`; credentials and limits arrive through its constructor.
 */
export interface EvidenceSource {
  /** Stable, kebab-case identifier, used in gaps, cache keys and logs (e.g. `documents`, `sec-edgar`). */
  readonly name: string;
  collect(query: SourceQuery, context: SourceContext): Promise<SourceResult>;
}
