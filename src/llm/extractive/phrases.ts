import { lowerCaseWordsOf } from './market.js';
import type { Passage } from './passages.js';
import { firstVerbIndex, hasVerb, stripLeadingHeading, wordsOf } from './sentence-shape.js';
import { collapseWhitespace, extractFigures, splitParagraph, tokenize } from './text.js';

/**
 * Phrases cut out of evidence sentences for headline fields (summaries, recommendations, risks):
 * whole clauses and figures with the words that say what they measure. Nothing here ends with
 * an ellipsis: a headline that stops mid-phrase reads as broken.
 */

const TRAILING_WORDS = new Set(['of', 'the', 'and', 'to', 'in', 'on', 'for', 'with', 'a', 'an', 'by', 'at', 'from', 'as', 'or', 'that', 'which', 'while', 'but', 'its', 'their', 'our', 'than', 'is', 'are', 'was', 'were', 'be', 'so', 'has', 'have', 'had', 'who', 'whose', 'where', 'when', 'about', 'into', 'per']);
/** Clause boundaries, best first: a semicolon or dash ends a thought more cleanly than a comma. */
const CLAUSE_BREAK = /;\s|:\s|\s[–—]\s|,\s(?=(?:while|but|which|although|though|because|whereas|and|where|so|yet|as|after|before|since|including|compared|against|up|down|with)\b)|\s(?=(?:because|while|whereas)\b)/gu;
const MIN_CLAUSE_WORDS = 5;

function dropTrailing(text: string): string {
  const words = text.replace(/[\s.,;:!?'"“”‘’(–—-]+$/u, '').split(/\s+/);
  while (words.length > 1 && TRAILING_WORDS.has((words[words.length - 1] ?? '').toLowerCase().replace(/[^\p{L}]/gu, ''))) words.pop();
  return words.join(' ').replace(/[\s.,;:!?'"“”‘’(–—-]+$/u, '');
}

/** Unbalanced brackets left by a cut read as a typo; close them by cutting before them. */
function balanced(text: string): string {
  const open = text.lastIndexOf('(');
  return open > text.lastIndexOf(')') ? dropTrailing(text.slice(0, open)) : text;
}

/**
 * The first clause of a statement, at most `max` characters, without a heading, a trailing stop
 * or an ellipsis: "Tariffs on Chinese-origin batteries … raised Halvern's landed cost of an S40 by
 * about 9.6% in 2025" from the sentence that goes on ", while tariffs on …".
 */
export function leadClause(text: string, max = 160): string {
  const cleaned = collapseWhitespace(stripLeadingHeading(collapseWhitespace(text)));
  const sentence = dropTrailing(splitParagraph(cleaned)[0] ?? cleaned);
  if (sentence.length <= max) return sentence;
  const cuts = [...sentence.matchAll(CLAUSE_BREAK)].map((match) => match.index ?? 0).filter((index) => index > 0 && index <= max);
  const clause = cuts.reverse().find((index) => wordsOf(sentence.slice(0, index)).length >= MIN_CLAUSE_WORDS && hasVerb(sentence.slice(0, index)));
  if (clause !== undefined) return balanced(dropTrailing(sentence.slice(0, clause)));
  const comma = sentence.lastIndexOf(', ', max);
  if (comma > 0 && wordsOf(sentence.slice(0, comma)).length >= MIN_CLAUSE_WORDS && hasVerb(sentence.slice(0, comma))) return balanced(dropTrailing(sentence.slice(0, comma)));
  const space = sentence.lastIndexOf(' ', max);
  return balanced(dropTrailing(sentence.slice(0, space > 0 ? space : max)));
}

/** What a sentence is about: the words before its first verb, when that is a short phrase. */
export function subjectPhrase(text: string, maxWords = 8): string | undefined {
  const words = wordsOf(stripLeadingHeading(collapseWhitespace(text)));
  const verb = firstVerbIndex(words);
  if (verb <= 0 || verb > maxWords) return undefined;
  const phrase = dropTrailing(words.slice(0, verb).join(' ').replace(/,.*$/u, ''));
  return phrase.length > 1 ? phrase : undefined;
}

const QUALIFIERS = new Set(['about', 'roughly', 'nearly', 'almost', 'around', 'over', 'approximately', 'some', 'only', 'just']);
const AFTER_LINKS = new Set(['of', 'in', 'on', 'below', 'above', 'cheaper', 'higher', 'lower', 'more', 'less', 'per', 'a', 'an', 'from', 'for']);
const STOP_AT = /[,;:)(—–]$/u;
const LEAD_STOPS = new Set(['by', 'to', 'from', 'at', 'in', 'on', 'or', 'and', 'than', 'with', 'for', 'was', 'were', 'is', 'are']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A figure with the words that give it meaning: "about 40% of the bill-of-materials cost",
 * "discounts of 15–25%", "26 weeks". Ranges keep their lower bound ("15–25%", "$40–60 million").
 */
export function figureInContext(text: string, figure: string): string {
  const pattern = new RegExp(`(?:\\d[\\d,.]*\\s?[–-]\\s?)?${escapeRegExp(figure)}`, 'u');
  const match = pattern.exec(text);
  if (match === null) return figure;
  const start = match.index;
  const end = start + match[0].length;
  const core = match[0].replace(/\s?[–-]\s?/u, '–');
  const before = text.slice(0, start).trimEnd().split(/\s+/);
  const after = text.slice(end).trimStart().split(/\s+/);
  const qualifier = QUALIFIERS.has((before[before.length - 1] ?? '').toLowerCase()) ? `${before[before.length - 1]} ` : '';
  // Counted units ("26 weeks", "$40 million") already say what they measure.
  if (/\p{L}{3,}$/u.test(core) && !/^of$/i.test(after[0] ?? '')) return `${qualifier}${core}`;
  if (AFTER_LINKS.has((after[0] ?? '').toLowerCase().replace(/[^\p{L}]/gu, ''))) {
    const taken: string[] = [];
    for (const word of after.slice(0, 6)) {
      if (taken.length > 0 && hasVerb(word)) break;
      taken.push(word);
      if (STOP_AT.test(word)) break;
    }
    const tail = dropTrailing(taken.join(' '));
    if (wordsOf(tail).length >= 2) return balanced(`${qualifier}${core} ${tail}`);
  }
  const lead: string[] = [];
  for (let index = before.length - (qualifier.length > 0 ? 2 : 1); index >= 0 && lead.length < 3; index--) {
    const word = before[index] ?? '';
    // "by about $1,850": a preposition before the figure belongs to the clause, not to the figure.
    if (STOP_AT.test(word) || hasVerb(word) || /^[$€£]?\d/u.test(word) || (LEAD_STOPS.has(word.toLowerCase()) && lead.length === 0)) break;
    lead.unshift(word);
  }
  while (lead.length > 0 && TRAILING_WORDS.has((lead[0] ?? '').toLowerCase()) && lead[0]?.toLowerCase() !== 'of') lead.shift();
  const leadText = lead.join(' ');
  return leadText.length > 0 && !/^of$/i.test(leadText) ? `${leadText} ${qualifier}${core}` : `${qualifier}${core}`;
}

const RANGE = /[$€£]?\d[\d,.]*\s?[–-]\s?\d[\d,.]*\s?(?:%|percent\b|(?:billion|million|thousand|weeks|days|months|years)\b)/gu;

/** Figures of a text with ranges kept whole: "$40–60 million", not "$40" and "60 million". */
export function figuresOf(text: string): string[] {
  const ranges = [...text.matchAll(RANGE)].map((match) => ({ text: match[0], start: match.index ?? 0, end: (match.index ?? 0) + match[0].length }));
  const singles = extractFigures(text).filter((figure) => {
    const at = text.indexOf(figure);
    return !ranges.some((range) => at >= range.start && at < range.end);
  });
  const ordered = [...ranges.map((range) => ({ figure: range.text.replace(/\s?[–-]\s?/u, '–'), at: range.start })), ...singles.map((figure) => ({ figure, at: text.indexOf(figure) }))];
  return ordered.sort((a, b) => a.at - b.at).map((entry) => entry.figure);
}

/** What a change moved and by how much: "landed cost up about $1,850" from "raised the landed cost of an S40 by about $1,850". */
export function changeInContext(text: string): string | undefined {
  const match = /\b(raised|increased|lifted|pushed up|cut|reduced|lowered|narrowed)\s+(?:the\s+|its\s+|our\s+|their\s+|[\p{L}]+['’]s\s+)?((?:[\p{L}-]+\s){0,2}[\p{L}-]+?)(?:\s+of\s+(?:an?\s+|the\s+|each\s+)?[\p{L}\d-]+)?\s+by\s+((?:about|roughly|nearly|around|some|up to)\s+)?([$€£]?\d[\d,.]*\s?(?:%|percent|million|billion)?)/iu.exec(text);
  if (match === null) return undefined;
  const direction = /cut|reduced|lowered|narrowed/i.test(match[1] ?? '') ? 'down' : 'up';
  return `${(match[2] ?? '').toLowerCase()} ${direction} ${match[3] ?? ''}${(match[4] ?? '').trim().replace(/[,.]+$/u, '')}`;
}

/** The most telling figures of a text, each in context, at most `limit`. */
export function figuresInContext(text: string, limit = 2): string[] {
  const plain = text.replace(/(\d)\s?[–-]\s?(?=[$€£]?\d)/gu, '$1–');
  return [...new Set(figuresOf(plain).map((figure) => figureInContext(plain, figure)))].slice(0, limit);
}

/** Words the evidence capitalises mid-sentence: the words of names, which keep their capital. */
export function nameWordsOf(passages: readonly Passage[]): Set<string> {
  // Headings and list items capitalise common words ("- Tariffs: raise costs"): a word counts as
  // a name if prose capitalises it mid-sentence twice, or never writes it in lower case.
  const prose = passages.filter((passage) => passage.shape === 'sentence');
  const lowerCase = lowerCaseWordsOf(prose);
  const counts = new Map<string, number>();
  for (const passage of prose) for (const word of new Set(passage.names.flatMap((name) => tokenize(name)))) counts.set(word, (counts.get(word) ?? 0) + 1);
  return new Set([...counts.entries()].filter(([word, count]) => count >= 2 || !lowerCase.has(word)).map(([word]) => word));
}

/**
 * A phrase placed mid-sentence: "Competition in autonomous weeding" becomes "competition in …",
 * while a name ("Terrafold filed …"), a possessive ("Canopy's …") or an acronym keeps its capital.
 */
export function midSentence(phrase: string, nameWords: ReadonlySet<string>): string {
  const first = /^(\p{Lu}[\p{Ll}-]*)(['’]s)?(?=[\s,.;:]|$)/u.exec(phrase);
  if (first === null || first[2] !== undefined || nameWords.has((first[1] ?? '').toLowerCase())) return phrase;
  return `${phrase.charAt(0).toLowerCase()}${phrase.slice(1)}`;
}
