/**
 * Text primitives of the extractive analyst: markup stripping, sentence splitting, tokens,
 * stems, figures and entity cues. Everything here is pure and locale-independent so the same
 * evidence always yields the same sentences on every machine.
 */

/** Longest sentence kept whole; longer runs (tables, minified text) are cut at word breaks. */
const MAX_SENTENCE_CHARS = 600;
/** Evidence excerpts are capped by the schema, but a caller bypassing it must not stall us. */
const MAX_INPUT_CHARS = 20_000;

const ENTITY_REPLACEMENTS: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
  '&ndash;': '–',
  '&mdash;': '—',
};

/** Turns HTML-ish or messy text into plain text with paragraph breaks preserved. */
export function normaliseText(raw: string): string {
  let text = raw.length > MAX_INPUT_CHARS ? raw.slice(0, MAX_INPUT_CHARS) : raw;
  text = text.normalize('NFKC');
  text = text.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ');
  // Block-level tags end a paragraph; keeping that break stops headings gluing onto sentences.
  text = text.replace(/<\/?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article)\b[^>]*>/gi, '\n\n');
  text = text.replace(/<[^>]{0,500}>/g, ' ');
  text = text.replace(/&[a-z]+;|&#\d+;/gi, (entity) => ENTITY_REPLACEMENTS[entity.toLowerCase()] ?? ' ');
  // Control characters carry no meaning in prose and break downstream renderers.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  text = text.replace(/\r\n?/g, '\n');
  return text;
}

/** Collapses whitespace runs to one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Abbreviations whose trailing period does not end a sentence.
const ABBREVIATIONS = new Set([
  'inc', 'ltd', 'co', 'corp', 'plc', 'llc', 'e.g', 'i.e', 'vs', 'etc', 'mr', 'mrs', 'ms', 'dr', 'st',
  'no', 'fig', 'approx', 'est', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct',
  'nov', 'dec', 'u.s', 'u.k', 'e.u', 'u.s.a', 'dept', 'mt', 'jr', 'sr', 'bn', 'mn', 'cf', 'al', 'incl', 'excl',
  'nos', 'vol', 'pp', 'ca', 'viz', 'gov', 'govt', 'intl', 'mfg', 'bros', 'assn', 'ave', 'blvd',
]);
/**
 * Abbreviations that also end sentences ("…sold in the U.S. The company…"): they end one only
 * when the next word is one that opens sentences, so "several U.S. states" stays whole.
 */
const TERMINAL_ABBREVIATIONS = new Set(['inc', 'ltd', 'co', 'corp', 'plc', 'llc', 'etc', 'u.s', 'u.k', 'e.u', 'u.s.a']);
const NEXT_SENTENCE_OPENERS = new Set(['the', 'this', 'these', 'those', 'there', 'we', 'our', 'it', 'its', 'they', 'their', 'in', 'a', 'an', 'however', 'as', 'for', 'on', 'at', 'since', 'after', 'if', 'while', 'when', 'each', 'every', 'most', 'all', 'some', 'such']);
/** A section number left at the end of a sentence belongs to the next one ("…2025 1. Purpose…"). */
const TRAILING_ENUMERATOR = /(?<=[^\s])\s+(\d{1,2}\.)$/u;
const WORDS_BEFORE_NUMBERS = new Set(['to', 'from', 'of', 'at', 'by', 'than', 'and', 'or', 'was', 'were', 'is', 'are', 'be', 'about', 'in', 'on', 'no', 'nos', 'item', 'part', 'section', 'page', 'chapter', 'step', 'phase', 'level', 'tier', 'version', 'rule', 'article']);

/** Splits plain or HTML-ish text into trimmed sentences (paragraphs and bullets break too). */
export function splitSentences(raw: string): string[] {
  const text = normaliseText(raw);
  const sentences: string[] = [];
  for (const block of text.split(/\n\s*\n|\n\s*[-•*▪]\s+|\n(?=\s*\d+[.)]\s)/)) {
    const paragraph = collapseWhitespace(block);
    if (paragraph.length === 0) continue;
    for (const sentence of splitParagraph(paragraph)) {
      for (const piece of chunkLongSentence(sentence)) {
        const trimmed = piece.replace(/^[\s\-–—•*:;,]+/, '').trim();
        if (trimmed.length > 0) sentences.push(trimmed);
      }
    }
  }
  return sentences;
}

/** Splits one paragraph at sentence ends, skipping abbreviations, initials and section numbers. */
export function splitParagraph(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  // A dash after a stop is an inline bullet ("… uncertain. - Tariffs: …"): the next item is a new sentence.
  const boundary = /[.!?]+["'”’)\]]*\s+(?=(?:[-–•]\s+)?["'“‘([]?[\p{Lu}\p{N}])/gu;
  for (const match of paragraph.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].length;
    const candidate = paragraph.slice(start, end);
    // "8. Legal proceedings…": a bare section number never ends a sentence on its own.
    if (/^\s*\(?\d{1,2}[.)]\s*$/.test(candidate)) continue;
    if (endsWithAbbreviation(candidate, paragraph.slice(end))) continue;
    const enumerator = TRAILING_ENUMERATOR.exec(candidate.trimEnd());
    const before = enumerator === null ? '' : candidate.trimEnd().slice(0, enumerator.index);
    const previousWord = (/(\S+)$/.exec(before)?.[1] ?? '').toLowerCase().replace(/[^a-z]/g, '');
    if (enumerator !== null && before.trim().length > 0 && !WORDS_BEFORE_NUMBERS.has(previousWord)) {
      sentences.push(before.trim());
      start += before.length;
      continue;
    }
    sentences.push(candidate.trim());
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest.length > 0) sentences.push(rest);
  return sentences.filter((sentence) => sentence.length > 0);
}

function endsWithAbbreviation(candidate: string, following: string): boolean {
  const match = /(?:^|[\s(])([\p{L}.]+)\.\s*$/u.exec(candidate.trimEnd());
  if (match === null) return false;
  const word = (match[1] ?? '').toLowerCase();
  // A single capital letter before a period is an initial ("J. Smith"), not a sentence end.
  if (/^\p{L}$/u.test(word)) return true;
  if (!ABBREVIATIONS.has(word)) return false;
  if (!TERMINAL_ABBREVIATIONS.has(word)) return true;
  const next = (/^["'“‘([]?([\p{L}]+)/u.exec(following)?.[1] ?? '').toLowerCase();
  return !NEXT_SENTENCE_OPENERS.has(next);
}

function chunkLongSentence(sentence: string): string[] {
  if (sentence.length <= MAX_SENTENCE_CHARS) return [sentence];
  const chunks: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_SENTENCE_CHARS) {
    const window = rest.slice(0, MAX_SENTENCE_CHARS);
    const semicolon = window.lastIndexOf('; ');
    const space = window.lastIndexOf(' ');
    const cut = semicolon > MAX_SENTENCE_CHARS / 2 ? semicolon + 1 : space > MAX_SENTENCE_CHARS / 2 ? space : MAX_SENTENCE_CHARS;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

/** Lower-cased word tokens: letters and digits, split at hyphens, apostrophes and punctuation. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A light suffix-stripping stemmer for English inflections (plural, -ing, -ed, final -e/-y),
 * applied identically to lexicon terms and text, so "prices", "pricing" and "priced" meet.
 */
export function stem(token: string): string {
  let word = token.toLowerCase();
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') || word.endsWith('ied')) word = `${word.slice(0, -3)}i`;
  else if (word.endsWith('sses')) word = word.slice(0, -2);
  else if (/(xes|ches|shes|zes)$/.test(word)) word = word.slice(0, -2);
  else if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) word = word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing')) word = undouble(word.slice(0, -3));
  else if (word.length > 4 && word.endsWith('ed')) word = undouble(word.slice(0, -2));
  if (word.length > 3 && word.endsWith('e')) word = word.slice(0, -1);
  if (word.length > 3 && /[^aeiou]y$/.test(word)) word = `${word.slice(0, -1)}i`;
  return word;
}

function undouble(word: string): string {
  return /([^aeioulsz])\1$/.test(word) ? word.slice(0, -1) : word;
}

export function stems(text: string): string[] {
  return tokenize(text).map(stem);
}

/** Figures worth quoting: money, percentages, multiples and counted quantities. */
export function extractFigures(text: string): string[] {
  if (!/\d/.test(text)) return [];
  const pattern =
    /(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:billion|million|thousand|bn|mn|[bmk])\b)?|\b(?:USD|EUR|GBP)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:billion|million|thousand|bn|mn))?|\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|per cent\b|x\b|×|times\b|(?:billion|million|thousand|bn|mn)\b|(?:weeks|days|months|years|hours|units|customers|farms|employees|countries|hectares|acres)\b)|\b\d[\d,]*(?:\.\d+)?\s?(?:basis points|bps)\b)/giu;
  const figures: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const figure = match[0].trim().replace(/[,.]+$/u, '');
    if (!figures.includes(figure)) figures.push(figure);
    if (figures.length >= 6) break;
  }
  return figures;
}

export function hasNumber(text: string): boolean {
  return /\p{N}/u.test(text);
}

const MONTHS = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;
const YEAR_OR_PERIOD = /\b(?:19|20)\d{2}\b|\b(?:Q[1-4]|H[12]|FY)\s?'?\d{2,4}\b/;

export function hasDate(text: string): boolean {
  return MONTHS.test(text) || YEAR_OR_PERIOD.test(text);
}

// Capitalised words that open sentences or are generic, so they are not names.
const COMMON_CAPITALISED = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'we', 'it', 'its', 'in', 'on', 'at', 'by',
  'for', 'of', 'and', 'or', 'but', 'as', 'with', 'from', 'to', 'if', 'while', 'however', 'although',
  'after', 'before', 'during', 'since', 'because', 'most', 'many', 'some', 'all', 'each', 'every', 'i',
  'they', 'their', 'he', 'she', 'his', 'her', 'there', 'here', 'when', 'where', 'why', 'how', 'what',
  'who', 'which', 'also', 'new', 'more', 'less', 'both', 'other', 'such', 'than', 'then', 'one', 'two',
  'three', 'over', 'under', 'about', 'around', 'nearly', 'almost', 'last', 'next', 'first', 'second',
  'according', 'despite', 'unlike', 'like', 'meanwhile', 'overall', 'yet', 'still', 'only', 'not', 'no',
  'customers', 'competitors', 'suppliers', 'analysts', 'management', 'revenue', 'sales', 'growers',
  'company', 'firm', 'group', 'corporation', 'business', 'board', 'item', 'part', 'note', 'section', 'table',
]);

/**
 * Proper-name candidates: runs of capitalised words (and acronyms), skipping generic words.
 * A run may bridge "&" or "of" ("Procter & Gamble", "Bank of America"). A lone capitalised
 * word opening the sentence is only capitalised because it opens it, unless asked for or
 * shaped like a name (inner capitals, all capitals, digits).
 */
export function findNames(sentence: string, includeSentenceStart = false): string[] {
  const words = sentence.match(/&|[\p{L}\p{N}][\p{L}\p{N}'’.&-]*/gu) ?? [];
  const names: string[] = [];
  let run: string[] = [];
  let runStart = -1;
  const flush = (): void => {
    while (run.length > 0 && /^(?:&|of)$/i.test(run[run.length - 1] ?? '')) run.pop();
    const lone = run.length === 1 && runStart === 0 && !includeSentenceStart && !/^\p{Lu}.*(?:\p{Lu}|\p{N})/u.test(run[0] ?? '');
    if (run.length > 0 && !lone) names.push(run.join(' ').replace(/[.'’]+$/u, ''));
    run = [];
  };
  for (const [position, word] of words.entries()) {
    const bare = word.replace(/(?:['’]s)?[.'’]*$/u, '');
    const capitalised = /^\p{Lu}/u.test(bare);
    if (capitalised && !COMMON_CAPITALISED.has(bare.toLowerCase())) {
      if (run.length === 0) runStart = position;
      run.push(bare);
    } else if (run.length > 0 && /^(?:&|of)$/i.test(bare)) {
      run.push(bare);
    } else {
      flush();
    }
  }
  flush();
  return names.filter((name) => name.length > 1 && !/^\p{N}+$/u.test(name));
}

/** Cuts text to `max` UTF-16 units on a word break where possible, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.6) cut = space;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

const HANGING_WORDS = /\s+(?:of|the|and|to|in|on|for|with|a|an|by|at|from|as|or|that|which|while|but|its|their|our|than|is|are|was|were)$/iu;

/**
 * A short handle for an item, for templates: the first clause, without a trailing period. A
 * clause longer than `max` is cut at its last comma or word break before it, never with an
 * ellipsis, since a handle that trails off reads as a broken sentence.
 */
export function shortPhrase(text: string, max = 140): string {
  const sentence = splitParagraph(collapseWhitespace(text))[0] ?? text;
  const clause = sentence.split(/(?<=[;:!?])\s|\s[–—]\s/)[0] ?? sentence;
  const base = (clause.length >= 20 ? clause : text).replace(/[.;:!?\s]+$/u, '');
  if (base.length <= max) return base;
  const comma = base.lastIndexOf(', ', max);
  const space = base.lastIndexOf(' ', max);
  let cut = comma > max * 0.6 ? base.slice(0, comma) : space > 0 ? base.slice(0, space) : base.slice(0, max);
  while (HANGING_WORDS.test(cut)) cut = cut.replace(HANGING_WORDS, '');
  return cut.replace(/[\s,;:(–—-]+$/u, '');
}

/** Lower-cases the first letter unless the word is an acronym or a name-like token. */
export function lowerFirst(text: string): string {
  const first = /^\p{Lu}\p{Ll}/u.test(text) && !/^\p{Lu}\p{Ll}+\s\p{Lu}/u.test(text);
  return first ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

/** Removes the doubled stops templates leave after clipped quotes ("…." or "?."). */
export function tidy(text: string): string {
  return text.replace(/…\s*\./g, '…').replace(/([!?])\./g, '$1').replace(/\.\.(?!\.)/g, '.');
}

/** "Orchardly Systems'" and "Acme's". */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** Joins phrases as "a, b and c". */
export function listPhrase(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
