import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Where a piece of evidence came from. Connectors add kinds; the report shows them as is. */
export const EvidenceKind = z.enum([
  'document',
  'filing',
  'financial-fact',
  'market-data',
  'news',
  'web',
  'wikipedia',
  'trend',
  'note',
]);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

export const EVIDENCE_ID_PATTERN = /^ev_[0-9a-f]{16}$/;

export const Evidence = z.object({
  /** Stable: the same source content always gets the same id (see `evidenceId`). */
  id: z.string().regex(EVIDENCE_ID_PATTERN),
  kind: EvidenceKind,
  title: z.string().min(1).max(500),
  url: z.string().max(2048).optional(),
  publisher: z.string().max(200).optional(),
  publishedAt: z.string().optional(),
  retrievedAt: z.string(),
  /** The passage the analysis may quote; content is data, never instructions. */
  excerpt: z.string().max(4000),
  contentHash: z.string(),
  /** Where inside the source: a file path and paragraph, a filing section, a fact key. */
  locator: z.string().max(1000),
  /** Free-form source attributes (ticker, sentiment, concept...). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A stable evidence id: the same kind, locator and content always hash to the same id, so a
 * re-executed step (after a crash) registers the same evidence instead of duplicating it.
 */
export function evidenceId(kind: EvidenceKind, locator: string, contentHash: string): string {
  return `ev_${sha256Hex(`${kind}\u0000${locator}\u0000${contentHash}`).slice(0, 16)}`;
}

export interface EvidenceDraft {
  kind: EvidenceKind;
  title: string;
  excerpt: string;
  locator: string;
  url?: string;
  publisher?: string;
  publishedAt?: string;
  attributes?: Evidence['attributes'];
  /** Defaults to a hash of the excerpt. */
  content?: string;
}

/** Builds a valid evidence record, truncating fields to the schema's limits. */
export function makeEvidence(draft: EvidenceDraft, retrievedAt: Date = new Date()): Evidence {
  const contentHash = sha256Hex(draft.content ?? draft.excerpt);
  const evidence: Evidence = {
    id: evidenceId(draft.kind, draft.locator, contentHash),
    kind: draft.kind,
    title: truncate(draft.title.trim() || draft.locator, 500),
    retrievedAt: retrievedAt.toISOString(),
    excerpt: truncate(draft.excerpt, 4000),
    contentHash,
    locator: truncate(draft.locator, 1000),
  };
  if (draft.url !== undefined) evidence.url = truncate(draft.url, 2048);
  if (draft.publisher !== undefined) evidence.publisher = truncate(draft.publisher, 200);
  if (draft.publishedAt !== undefined) evidence.publishedAt = draft.publishedAt;
  if (draft.attributes !== undefined) evidence.attributes = draft.attributes;
  return evidence;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}
