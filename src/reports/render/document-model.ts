import type { Evidence } from '../model/evidence.js';
import { formatCompactDecimal } from './format.js';

/**
 * A layout-neutral outline of a rendered report. The report is walked once into this shape,
 * in reading order, and each format only serialises it: the formats cannot drift apart in
 * content, and citation numbers are assigned once, in order of first appearance.
 *
 * Every string in here is plain text (possibly hostile content); serialisers escape all of it.
 */

/** Colours and emphasis a serialiser may give a value; plain text formats may ignore them. */
export type Tone = 'positive' | 'negative' | 'neutral' | 'high' | 'medium' | 'low' | 'critical' | 'warning' | 'info';

/** One `[n]` marker: a numbered appendix entry, or an id the report's evidence does not hold. */
export type CitationReference =
  | { kind: 'evidence'; number: number; evidenceId: string; title: string }
  | { kind: 'unverified'; evidenceId: string };

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'citations'; references: CitationReference[] }
  /** A score drawn as a bar where the format can draw, e.g. a Porter rating of 4 out of 5. */
  | { kind: 'meter'; value: number; maximum: number; label: string }
  | { kind: 'badge'; text: string; tone: Tone };

/** A table cell is a run of inlines, or several items (drivers, facts) shown as a list. */
export type TableCell = Inline[] | { items: Inline[][] };

export interface TableColumn {
  title: string;
  align?: 'left' | 'right' | 'center';
}

export interface Quadrant {
  title: string;
  tone: Tone;
  items: Inline[][];
  /** Shown when `items` is empty. */
  emptyText: string;
}

export interface EvidenceEntry {
  number: number;
  evidence: Evidence;
  /** Whether anything in the body cites it; uncited evidence is listed after the cited. */
  cited: boolean;
}

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'table'; caption?: string; columns: TableColumn[]; rows: TableCell[][] }
  | { kind: 'definitions'; items: Array<{ term: string; value: Inline[] }> }
  | { kind: 'quadrants'; quadrants: Quadrant[] }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'notice'; tone: 'warning' | 'info'; content: Inline[] }
  | { kind: 'evidence-list'; entries: EvidenceEntry[] };

export interface Section {
  /** Unique within the document; HTML uses it as the anchor. */
  id: string;
  title: string;
  blocks: Block[];
  subsections: Section[];
}

export interface ReportDocument {
  /** The document language, for `lang`; content may still be in any script. */
  language: string;
  title: string;
  subtitle: string;
  /** The title block: who, when, what was asked, how it ended. */
  cover: Block[];
  sections: Section[];
  /** Identifies the stored report the document was rendered from. */
  footer: string;
}

// Small constructors keep the builders readable.
export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const strong = (value: string): Inline => ({ kind: 'strong', text: value });
export const badge = (value: string, tone: Tone): Inline => ({ kind: 'badge', text: value, tone });
export const meter = (value: number, maximum: number, label = `${formatCompactDecimal(value, 1)}/${maximum}`): Inline => ({
  kind: 'meter',
  value,
  maximum,
  label,
});
export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });

export function section(id: string, title: string, blocks: Block[], subsections: Section[] = []): Section {
  return { id, title, blocks, subsections };
}
