import type { CitationReference, Inline, TableCell } from '../render/document-model.js';

/** `[3]`, or a visible marker for an id the report's evidence does not hold. */
export function citationText(reference: CitationReference): string {
  return reference.kind === 'evidence' ? `[${reference.number}]` : `[unverified: ${reference.evidenceId}]`;
}

/** One inline as plain text; a meter becomes its label (`4/5`) where no bar can be drawn. */
export function inlineText(inline: Inline): string {
  switch (inline.kind) {
    case 'text':
    case 'strong':
    case 'badge':
      return inline.text;
    case 'citations':
      return inline.references.map(citationText).join('');
    case 'meter':
      return inline.label;
  }
}

/** Inlines joined like the Markdown renderer joins them: citation markers hug their text. */
export function inlinesText(inlines: readonly Inline[]): string {
  let output = '';
  for (const inline of inlines) {
    const rendered = inlineText(inline);
    if (rendered.length === 0) continue;
    const separator = output.length === 0 || inline.kind === 'citations' || /\s$/.test(output) ? '' : ' ';
    output += separator + rendered;
  }
  return output;
}

export function cellItems(cell: TableCell): Inline[][] {
  return Array.isArray(cell) ? [cell] : cell.items;
}

/** A table cell as text; several items become bullet lines. */
export function cellText(cell: TableCell | undefined): string {
  if (cell === undefined) return '';
  const items = cellItems(cell);
  if (items.length === 1) return inlinesText(items[0]!);
  return items.map((item) => `• ${inlinesText(item)}`).join('\n');
}

/** The single meter a cell holds, when the cell is only a score (a rating, a canvas level). */
export function soleMeter(cell: TableCell | undefined): Extract<Inline, { kind: 'meter' }> | undefined {
  if (cell === undefined || !Array.isArray(cell) || cell.length !== 1) return undefined;
  const [inline] = cell;
  return inline?.kind === 'meter' ? inline : undefined;
}
