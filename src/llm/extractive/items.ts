import type { CitedItem } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import type { Passage } from './passages.js';
import { clip, collapseWhitespace, stems } from './text.js';

/** Schema limits of the report model, mirrored here so every builder clips to them. */
export const MAX_ITEM_CHARS = 1200;
export const MAX_CITATIONS = 12;
/** Items quote sentences; beyond this a quote stops being readable in a table cell. */
export const QUOTE_CHARS = 480;

export function knownEvidenceIds(brief: AnalysisBrief): Set<string> {
  return new Set(brief.evidence.map((evidence) => evidence.id));
}

/** Keeps ids that exist in the brief, once each, in first-seen order, at most the schema's 12. */
export function citations(ids: Iterable<string>, known: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (const id of ids) {
    if (!known.has(id) || kept.includes(id)) continue;
    kept.push(id);
    if (kept.length >= MAX_CITATIONS) break;
  }
  return kept;
}

/** A cited item whose text always satisfies the schema (non-empty, clipped). */
export function citedItem(text: string, ids: Iterable<string>, known: ReadonlySet<string>): CitedItem {
  const clean = collapseWhitespace(text);
  return { text: clip(clean.length > 0 ? clean : 'Statement unavailable.', MAX_ITEM_CHARS), evidenceIds: citations(ids, known) };
}

export function passageItem(passage: Passage, known: ReadonlySet<string>): CitedItem {
  return citedItem(clip(passage.text, QUOTE_CHARS), passage.evidenceIds, known);
}

// Function words carry no topic; counting them would pair any two long sentences.
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'it', 'its', 'this', 'that', 'which', 'who', 'we', 'our', 'their', 'they', 'up', 'than', 'more', 'most', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'not', 'no', 'so', 'into', 'over', 'per', 'each', 'every', 'all', 'about']);

function contentStems(text: string): Set<string> {
  return new Set(stems(text).filter((word) => !FUNCTION_WORDS.has(word)));
}

/** Content-word overlap (Jaccard); near 1 means two sentences say the same thing. */
export function similarity(a: string, b: string): number {
  const left = contentStems(a);
  const right = contentStems(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
}

export const DUPLICATE_SIMILARITY = 0.8;

/** Takes items in order, skipping near-duplicates of ones already taken, up to `limit`. */
export function takeDistinct<T>(candidates: readonly T[], textOf: (candidate: T) => string, limit: number): T[] {
  const taken: T[] = [];
  for (const candidate of candidates) {
    if (taken.length >= limit) break;
    const text = textOf(candidate);
    if (taken.some((existing) => similarity(textOf(existing), text) >= DUPLICATE_SIMILARITY)) continue;
    taken.push(candidate);
  }
  return taken;
}

/**
 * Like `takeDistinct`, but a first pass takes at most `perGroup` from each group so one strong
 * section cannot fill the list; a second pass tops up from what is left, best first.
 */
export function takeDiverse<T>(candidates: readonly T[], textOf: (candidate: T) => string, groupOf: (candidate: T) => string, perGroup: number, limit: number): T[] {
  const taken: T[] = [];
  const counts = new Map<string, number>();
  const isDuplicate = (candidate: T): boolean => taken.some((existing) => similarity(textOf(existing), textOf(candidate)) >= DUPLICATE_SIMILARITY);
  for (const candidate of candidates) {
    if (taken.length >= limit) break;
    const group = groupOf(candidate);
    if ((counts.get(group) ?? 0) >= perGroup || isDuplicate(candidate)) continue;
    taken.push(candidate);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  for (const candidate of candidates) {
    if (taken.length >= limit) break;
    if (taken.includes(candidate) || isDuplicate(candidate)) continue;
    taken.push(candidate);
  }
  const order = new Map(candidates.map((candidate, position) => [candidate, position]));
  return taken.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

export function unionIds(items: ReadonlyArray<{ evidenceIds: readonly string[] }>, known: ReadonlySet<string>): string[] {
  return citations(items.flatMap((item) => item.evidenceIds), known);
}
