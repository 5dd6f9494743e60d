export interface PassageOptions {
  /** Paragraphs shorter than this are merged with their neighbours. */
  minChars?: number;
  /** No passage is longer than this; longer paragraphs are cut at sentence boundaries. */
  maxChars?: number;
}

export const DEFAULT_MIN_PASSAGE_CHARS = 300;
export const DEFAULT_MAX_PASSAGE_CHARS = 1200;

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Splits extracted text into passages a reader can cite: paragraph-based, short paragraphs
 * (headings, list items) merged into their neighbours, long ones cut between sentences, and
 * whitespace collapsed inside paragraphs. Every word of the input appears exactly once, in order.
 */
export function splitIntoPassages(text: string, options: PassageOptions = {}): string[] {
  const maxChars = Math.max(options.maxChars ?? DEFAULT_MAX_PASSAGE_CHARS, 20);
  const minChars = Math.min(options.minChars ?? DEFAULT_MIN_PASSAGE_CHARS, maxChars);
  const pieces = paragraphs(text).flatMap((paragraph) => splitLongParagraph(paragraph, maxChars));
  return mergeShortPieces(pieces, minChars, maxChars);
}

/** Blank lines separate paragraphs; single line breaks inside one are wrapping, not structure. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n/)
    .map(normalizeWhitespace)
    .filter((paragraph) => paragraph.length > 0);
}

export function normalizeWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

function splitLongParagraph(paragraph: string, maxChars: number): string[] {
  if (paragraph.length <= maxChars) return [paragraph];
  // Segments keep their trailing space, so concatenating them rebuilds the paragraph exactly.
  const sentences = [...sentenceSegmenter.segment(paragraph)].flatMap((segment) =>
    segment.segment.trim().length > maxChars ? splitAtWords(segment.segment.trim(), maxChars).map((part) => `${part} `) : [segment.segment],
  );
  const chunks: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current.length > 0 && (current + sentence).trim().length > maxChars) {
      chunks.push(current.trim());
      current = '';
    }
    current += sentence;
  }
  if (current.trim().length > 0) chunks.push(current.trim());
  return chunks;
}

/** A single sentence longer than a passage (tables flattened to text, lists without stops). */
function splitAtWords(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const chunks: string[] = [];
  let current = '';
  for (const word of sentence.split(' ')) {
    for (const part of splitWord(word, maxChars)) {
      if (current.length === 0) current = part;
      else if (current.length + 1 + part.length <= maxChars) current = `${current} ${part}`;
      else {
        chunks.push(current);
        current = part;
      }
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function splitWord(word: string, maxChars: number): string[] {
  if (word.length <= maxChars) return [word];
  const parts: string[] = [];
  for (let index = 0; index < word.length; index += maxChars) parts.push(word.slice(index, index + maxChars));
  return parts;
}

function mergeShortPieces(pieces: string[], minChars: number, maxChars: number): string[] {
  const passages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current.length === 0) current = piece;
    else if (current.length < minChars && current.length + 2 + piece.length <= maxChars) current = `${current}\n\n${piece}`;
    else {
      passages.push(current);
      current = piece;
    }
  }
  if (current.length > 0) {
    const previous = passages.at(-1);
    // A short tail (a closing line, a signature) reads better attached to what precedes it.
    if (previous !== undefined && current.length < minChars && previous.length + 2 + current.length <= maxChars) {
      passages[passages.length - 1] = `${previous}\n\n${current}`;
    } else {
      passages.push(current);
    }
  }
  return passages;
}
