/**
 * Whether a piece of extracted text is a sentence a reader can be shown, or a heading, a table
 * row or a fragment that only looks like one after markup was flattened. Documents lose their
 * line structure on the way in (PDF text, tables, numbered section titles glued to the first
 * sentence), so items must be checked for shape before they are quoted.
 *
 * There is no part-of-speech tagger offline; a verb is recognised from auxiliaries, pronoun
 * subjects, past-tense endings, irregular forms and a list of common verbs. That is enough to
 * tell "Supply Chain Memo: Supplier Concentration, Lead Times and Tariffs" from a statement.
 */

export type SentenceShape = 'sentence' | 'heading' | 'table' | 'fragment';

/** Items shorter than this read as labels, not statements. */
export const MIN_STATEMENT_WORDS = 6;

const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'has', 'have', 'had', 'having', 'do', 'does', 'did',
  'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must', "isn't", "aren't", "wasn't",
  "weren't", "hasn't", "haven't", "hadn't", "doesn't", "don't", "didn't", "won't", "wouldn't", "can't", 'cannot',
  "couldn't", "shouldn't", "it's", "there's", "that's",
]);
const SUBJECT_PRONOUNS = new Set(['we', 'they', 'he', 'she', 'i', 'you']);

/** Irregular past forms and participles: "grew", "sold", "fell" carry no -ed. */
const IRREGULAR_FORMS = new Set([
  'grew', 'grown', 'rose', 'risen', 'fell', 'fallen', 'won', 'lost', 'made', 'sold', 'bought', 'paid', 'led', 'held',
  'kept', 'took', 'taken', 'gave', 'given', 'began', 'begun', 'became', 'came', 'went', 'gone', 'saw', 'seen',
  'said', 'told', 'left', 'met', 'ran', 'spent', 'built', 'brought', 'thought', 'found', 'got', 'sent', 'meant',
  'drew', 'drawn', 'drove', 'driven', 'flew', 'shown', 'known', 'knew', 'wrote', 'written', 'chose', 'chosen',
  'struck', 'stood', 'understood', 'sought', 'fought', 'taught', 'caught', 'dealt', 'felt', 'lent', 'overtook',
]);

/**
 * Common verbs in base form. Words that are as often nouns ("market", "cost", "lead", "supply",
 * "plan") are left out on purpose, or headings such as "Lead time" would pass for sentences.
 */
const BASE_VERBS = [
  'negotiate', 'prefer', 'compete', 'buy', 'sell', 'offer', 'provide', 'pay', 'raise', 'grow', 'fall', 'rise',
  'face', 'hold', 'make', 'take', 'give', 'keep', 'bring', 'win', 'lose', 'lack', 'depend', 'rely', 'require',
  'remain', 'include', 'serve', 'produce', 'build', 'reduce', 'represent', 'own', 'operate', 'save', 'allow',
  'enable', 'push', 'replace', 'adopt', 'choose', 'ask', 'say', 'show', 'see', 'seem', 'appear', 'continue',
  'begin', 'enter', 'launch', 'develop', 'acquire', 'invest', 'spend', 'earn', 'generate', 'deliver', 'suffer',
  'struggle', 'lag', 'outperform', 'exceed', 'compare', 'differ', 'vary', 'tend', 'fail', 'succeed', 'expect',
  'believe', 'consider', 'become', 'get', 'go', 'come', 'know', 'think', 'find', 'tell', 'let', 'put', 'run',
  'weigh', 'want', 'carry', 'drive', 'hire', 'sue', 'allege', 'infringe', 'slow', 'improve', 'add', 'expand',
  'shrink', 'judge', 'describe', 'prevent', 'protect', 'apply', 'receive', 'aim', 'intend', 'agree', 'announce',
  'reflect', 'combine', 'favor', 'favour', 'extend', 'narrow', 'widen', 'halve', 'exist', 'happen', 'occur',
  'emerge', 'manufacture', 'depend', 'hurt', 'harm', 'threaten', 'squeeze', 'erode', 'dominate', 'boost',
  'weaken', 'strengthen', 'stay', 'create', 'eliminate', 'account', 'represent', 'comprise', 'involve',
  'contain', 'affect', 'rank', 'trail', 'lead', 'leave',
];
/** Base forms counted on their own; the rest only as "-s" forms or after a subject pronoun. */
const UNAMBIGUOUS_BASE = new Set([
  'negotiate', 'prefer', 'compete', 'buy', 'sell', 'provide', 'pay', 'grow', 'hold', 'make', 'take', 'give',
  'keep', 'bring', 'win', 'lose', 'depend', 'rely', 'require', 'remain', 'include', 'serve', 'reduce',
  'represent', 'operate', 'allow', 'enable', 'replace', 'adopt', 'choose', 'ask', 'say', 'see', 'seem',
  'appear', 'continue', 'begin', 'enter', 'develop', 'acquire', 'invest', 'spend', 'earn', 'generate',
  'deliver', 'suffer', 'outperform', 'exceed', 'differ', 'vary', 'tend', 'fail', 'succeed', 'expect', 'believe',
  'consider', 'become', 'get', 'go', 'come', 'know', 'think', 'find', 'tell', 'run', 'want', 'carry', 'sue',
  'allege', 'infringe', 'improve', 'expand', 'shrink', 'describe', 'prevent', 'protect', 'receive', 'intend',
  'agree', 'announce', 'combine', 'emerge', 'occur', 'happen', 'exist', 'threaten', 'erode', 'dominate',
  'weaken', 'strengthen', 'eliminate', 'comprise', 'involve', 'contain', 'affect',
]);
const VERB_FORMS: ReadonlySet<string> = new Set(
  BASE_VERBS.flatMap((verb) => {
    const third = /(?:s|sh|ch|x|z)$/.test(verb) ? `${verb}es` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`;
    return UNAMBIGUOUS_BASE.has(verb) ? [verb, third] : [third];
  }),
);
/**
 * Base forms that are as often nouns: counted only lower-case and right after a lower-case word
 * that is not a determiner or preposition ("climate change cut water", "rivals cut prices").
 */
const CONTEXTUAL_BASE = new Set([
  'cut', 'slow', 'add', 'raise', 'face', 'cover', 'use', 'need', 'help', 'turn', 'limit', 'pay', 'offer', 'drive',
  'push', 'lift', 'boost', 'shift', 'move', 'rise', 'fall', 'lag', 'trail', 'rank', 'weigh', 'hurt', 'harm',
  'squeeze', 'favor', 'favour', 'extend', 'narrow', 'widen', 'halve', 'expect', 'ship', 'run', 'apply', 'aim',
  'save', 'build', 'put', 'let', 'lack', 'win', 'keep', 'hold', 'make', 'take', 'give', 'bring', 'see', 'show',
]);
/** "-ed" words that are not verbs. */
const NOT_PAST = new Set(['red', 'bed', 'need', 'speed', 'seed', 'feed', 'breed', 'weed', 'deed', 'shed', 'hundred', 'embed', 'indeed', 'wed', 'greed', 'steed']);
/** After a plural noun, these words show the noun was a verb: "cuts the time", "serves 5,120 accounts". */
const OBJECT_OPENERS = new Set([
  'the', 'a', 'an', 'its', 'their', 'our', 'his', 'her', 'this', 'that', 'these', 'those', 'every', 'each', 'some',
  'no', 'more', 'less', 'about', 'up', 'nearly', 'roughly', 'around', 'only', 'all', 'both', 'most', 'many',
  'much', 'few', 'several', 'it', 'them', 'us', 'him', 'one', 'two', 'three', 'four', 'five', 'half', 'twice',
]);
const FUNCTION_WORDS = new Set(['of', 'the', 'and', 'to', 'in', 'on', 'for', 'with', 'a', 'an', 'by', 'at', 'from', 'as', 'or', 'vs', 'per', 'into', 'over', 'under', 'between', 'its', 'their', 'our']);
/** Words after which a contextual base form is an object or modifier, not a verb ("a cut", "long lead"). */
const NOT_SUBJECT_ENDINGS = new Set([...FUNCTION_WORDS, 'very', 'more', 'most', 'less', 'new', 'no', 'not', 'each', 'every', 'such', 'this', 'that', 'these', 'those', 'than', 'also', 'only', 'just', 'long', 'short', 'high', 'low', 'key', 'main']);

/** Capitalised words that open sentences; after a glued heading they mark where the sentence starts. */
export const SENTENCE_OPENERS = new Set([
  'the', 'this', 'that', 'there', 'these', 'those', 'a', 'an', 'in', 'our', 'we', 'it', 'its', 'each', 'every',
  'most', 'all', 'some', 'many', 'for', 'on', 'at', 'as', 'by', 'from', 'with', 'since', 'after', 'before', 'when',
  'while', 'if', 'although', 'both', 'no', 'only', 'they', 'their', 'during', 'despite', 'however', 'under',
  'about', 'over', 'nearly', 'almost', 'one', 'two', 'three', 'several', 'any', 'such', 'because', 'unlike',
]);

/** Whitespace-separated words that contain a letter or digit. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

const PLAIN_WORD = /^[a-z0-9']+$/;

function bare(word: string): string {
  const lower = word.toLowerCase();
  // Most words are plain; the Unicode-aware trim is only paid for the rest.
  if (PLAIN_WORD.test(lower)) return lower;
  return lower.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '').replace(/’/g, "'");
}

/** Index of the first word that reads as a verb, or -1. */
export function firstVerbIndex(words: readonly string[]): number {
  const lower = words.map(bare);
  for (let position = 0; position < lower.length; position++) {
    if (isVerbAt(lower, position, words)) return position;
  }
  return -1;
}

function isVerbAt(lower: readonly string[], position: number, original: readonly string[] = lower): boolean {
  const word = lower[position] ?? '';
  if (word.length === 0) return false;
  if (AUXILIARIES.has(word) || IRREGULAR_FORMS.has(word) || VERB_FORMS.has(word)) return true;
  const next = lower[position + 1];
  if ((word === 'account' || word === 'accounts') && next === 'for') return true;
  const previous = lower[position - 1];
  if (previous !== undefined && SUBJECT_PRONOUNS.has(previous) && /^\p{L}+$/u.test(word)) return true;
  if (word.length > 4 && word.endsWith('ed') && !NOT_PAST.has(word) && /^\p{L}+$/u.test(word)) return true;
  if (CONTEXTUAL_BASE.has(word) && previous !== undefined && next !== undefined && /^\p{Ll}/u.test(original[position] ?? '') && (position === 1 || /^\p{Ll}+$/u.test(original[position - 1] ?? '')) && !NOT_SUBJECT_ENDINGS.has(previous)) return true;
  // A plural-looking word followed by a determiner or a number is a verb: "cuts the time".
  if (/^\p{L}{3,}s$/u.test(word) && !/(?:ss|us|is)$/.test(word) && next !== undefined && (OBJECT_OPENERS.has(next) || /^[$€£]?\d/.test(next))) return true;
  return false;
}

export function hasVerb(text: string): boolean {
  return firstVerbIndex(wordsOf(text)) >= 0;
}

/** Share of content words (longer than three letters, not function words) that are capitalised. */
export function titleCaseRatio(text: string): number {
  const content = wordsOf(text)
    .map((word) => word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((word) => /^\p{L}/u.test(word) && word.length > 3 && !FUNCTION_WORDS.has(word.toLowerCase()));
  if (content.length === 0) return 0;
  return content.filter((word) => /^\p{Lu}/u.test(word)).length / content.length;
}

function upperCaseRatio(text: string): number {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters === 0 ? 0 : (text.match(/\p{Lu}/gu) ?? []).length / letters;
}

function numericRatio(words: readonly string[]): number {
  if (words.length === 0) return 0;
  return words.filter((word) => /^[^\p{L}]*[$€£]?\d/u.test(word)).length / words.length;
}

/**
 * The shape of one sentence-sized piece of text. A heading is mostly capitalised or all caps
 * with no verb; a table row is mostly figures with no verb; a sentence has a verb (or, failing
 * the verb lists, ends with a stop and reads as lower-case prose).
 */
export function shapeOf(text: string): SentenceShape {
  const words = wordsOf(text);
  if (words.length < 3) return 'fragment';
  // A lower-case start is the tail of a list or sentence cut in two ("trade restrictions, customs …"),
  // unless the word is a brand written that way ("eBay", "iPhone").
  if (/^\p{Ll}/u.test(text.trim()) && !/^\p{Ll}+\p{Lu}/u.test(text.trim())) return 'fragment';
  const verb = hasVerb(text);
  // A long sentence with a verb is prose whatever its capitals; only the rest is measured.
  if (verb && words.length > 8) return 'sentence';
  if (!verb && upperCaseRatio(text) > 0.6) return 'heading';
  const title = titleCaseRatio(text);
  if (title >= 0.7) return 'heading';
  if (!verb && numericRatio(words) >= 0.3) return 'table';
  if (verb) return 'sentence';
  const endsWithStop = /[.!?]["'”’)\]]*$/u.test(text.trim());
  const lowerShare = words.filter((word) => /^\p{Ll}/u.test(word)).length / words.length;
  if (endsWithStop && lowerShare >= 0.5 && words.length >= 5 && title < 0.5) return 'sentence';
  return title >= 0.5 ? 'heading' : 'fragment';
}

/** A statement an item may quote: a sentence of at least six words with a recognisable verb. */
export function isStatementText(text: string, shape: SentenceShape = shapeOf(text)): boolean {
  return shape === 'sentence' && wordsOf(text).length >= MIN_STATEMENT_WORDS && hasVerb(text);
}

/** Section numbers that PDF and plain-text extraction glue to the heading after them. */
const ENUMERATOR = /^(?:(?:item|part|section)\s+[0-9ivx]{1,4}[a-z]?[.:]?|\(?\d{1,2}(?:\.\d{1,2})*[.)]|[ivx]{1,4}[.)])\s+/iu;
const HEADING_WORD = /^[\p{L}][\p{L}'’&/-]*$/u;

/**
 * Removes a section number and a heading glued to the start of a sentence ("7. Trade policy
 * Tariffs on … rose" → "Tariffs on … rose"). After a section number any capitalised word may
 * start the sentence; without one, only a word that typically opens sentences ("The", "We")
 * may, so "Castellan Precision comes free…" keeps its name.
 */
export function stripLeadingHeading(text: string): string {
  const enumerated = ENUMERATOR.exec(text);
  let body = enumerated === null ? text : text.slice(enumerated[0].length);
  // "9. Outlook - BVLOS rule: …": a numbered heading set off by a dash.
  const dashed = enumerated === null ? null : /^\p{Lu}[\p{L}'’ ]{0,40}?\s[-–—]\s(?=\p{Lu})/u.exec(body);
  if (dashed !== null) body = body.slice(dashed[0].length);
  const words = body.split(/\s+/);
  for (let length = 1; length <= Math.min(6, words.length - 4); length++) {
    const next = words[length] ?? '';
    if (!/^[\p{Lu}]/u.test(next)) continue;
    const heading = words.slice(0, length);
    if (!isHeadingRun(heading)) continue;
    const opener = SENTENCE_OPENERS.has(bare(next));
    const allCapitalised = heading.every((word) => /^\p{Lu}/u.test(word) || FUNCTION_WORDS.has(word.toLowerCase()));
    // A one-word or title-case heading could be the start of a name; only an opener proves the break.
    if ((length === 1 || allCapitalised || enumerated === null) && !opener) continue;
    const rest = words.slice(length).join(' ');
    if (wordsOf(rest).length >= 4 && hasVerb(rest)) return rest;
  }
  return enumerated === null ? text : body;
}

function isHeadingRun(words: readonly string[]): boolean {
  const first = words[0] ?? '';
  if (!/^\p{Lu}/u.test(first) || !words.every((word) => HEADING_WORD.test(word))) return false;
  const last = (words[words.length - 1] ?? '').toLowerCase();
  if (FUNCTION_WORDS.has(last)) return false;
  // Capitalised words after the first mean a title-case heading: all of them must be capitalised.
  const tail = words.slice(1);
  const tailCapitalised = tail.filter((word) => /^\p{Lu}/u.test(word)).length;
  if (tailCapitalised > 0 && tailCapitalised < tail.filter((word) => !FUNCTION_WORDS.has(word.toLowerCase())).length) return false;
  return firstVerbIndex(words) < 0;
}

/** An instruction ("Fund a second camera design…") states a plan, not a fact about the company. */
const IMPERATIVE_VERBS = new Set([
  'qualify', 'fund', 'negotiate', 'renegotiate', 'move', 'keep', 'grow', 'reduce', 'raise', 'expand', 'build',
  'launch', 'prioritise', 'prioritize', 'invest', 'hire', 'secure', 'diversify', 'introduce', 'accelerate',
  'defend', 'publish', 'bundle', 'eliminate', 'create', 'partner', 'pilot', 'assign', 'collect', 'obtain',
  'benchmark', 'validate', 'interview', 'quantify', 'mitigate', 'prepare', 'lock', 'differentiate', 'ensure',
  'avoid', 'establish', 'implement', 'adopt', 'stop', 'maintain', 'cut', 'review', 'focus', 'consider', 'add',
  // Courtesies ("Thank you to our employees…") and form instructions ("See the definitions…",
  // "Indicate by check mark…") are not findings.
  'thank', 'see', 'indicate', 'refer', 'note',
]);
const ORDINAL_LEAD_INS = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'finally', 'then', 'next', 'also']);

export function isImperative(text: string): boolean {
  const words = wordsOf(text).map(bare);
  const start = ORDINAL_LEAD_INS.has(words[0] ?? '') ? 1 : 0;
  const verb = words[start] ?? '';
  const after = words[start + 1] ?? '';
  // "Review periods are set…": a finite verb right after means the first word was a noun.
  const finiteSoon = words.slice(start + 1, start + 4).some((word) => AUXILIARIES.has(word));
  return IMPERATIVE_VERBS.has(verb) && !AUXILIARIES.has(after) && !VERB_FORMS.has(after) && !finiteSoon;
}
