import { leadClause, subjectPhrase } from './phrases.js';
import { firstVerbIndex, hasVerb, stripLeadingHeading, wordsOf } from './sentence-shape.js';
import { collapseWhitespace, stem } from './text.js';

/**
 * Noun phrases pulled out of evidence sentences to name what an action is about: the parts a
 * company buys from one supplier, the goods a tariff hits, the topic of a weakness. They let a
 * recommendation say "Qualify second sources for battery cells" instead of quoting a sentence.
 */

const STOP = new Set([
  'and', 'or', 'of', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'to', 'the', 'a', 'an', 'its', 'their', 'our', 'every',
  'each', 'all', 'is', 'are', 'was', 'were', 'that', 'which', 'as', 'than', 'per', 'such', 'where', 'when', 'it', 'them',
  'they', 'these', 'those', 'this', 'who', 'there', 'so', 'if', 'may', 'can', 'could', 'would', 'will', 'should',
]);
/** Words that qualify a part without naming it ("key parts", "certain components"). */
const QUALIFIER_WORDS = new Set(['key', 'certain', 'critical', 'other', 'various', 'some', 'many', 'most', 'several', 'main', 'major', 'important', 'specific', 'essential']);
/** Each pattern with a word it cannot match without, checked first: most sentences skip the regex. */
const SUPPLY_PATTERNS: Array<[string, RegExp]> = [
  // "battery cells come from one supplier", "every flight controller comes from one contract manufacturer"
  [' from ', /([\p{L}-]+(?:\s[\p{L}-]+){0,2})\s+(?:comes?|came)\s+from\s+(?:a|an|one|the|two|three|single|sole)\b/giu],
  // "is the sole source of the multispectral camera on every drone"
  [' source', /\b(?:sole|single|only|main)\s+(?:source|supplier)\s+(?:of|for)\s+(?:the\s+|its\s+|our\s+|all\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2})/giu],
  // "supplies 78% of Halvern's lithium battery cells", "builds 100% of the flight controllers"
  ['% of', /\b(?:supplies|builds|makes|provides|produces|manufactures)\s+(?:about\s+)?\d+(?:\.\d+)?%\s+of\s+(?:[\p{L}]+['’]s\s+|the\s+|our\s+|its\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2})/giu],
  // "we rely on a sole source supplier for camera modules", "a sole source supplier, Kestrel Optics, for the camera modules"
  [' supplier', /\b(?:supplier|suppliers)(?:,[^,]{1,60},)?\s+(?:of|for)\s+(?:the\s+|its\s+|our\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2})/giu],
  [' vendor', /\b(?:vendor|vendors)(?:,[^,]{1,60},)?\s+(?:of|for)\s+(?:the\s+|its\s+|our\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2})/giu],
  // "only two vendors can supply the ruggedised drive motors"
  [' supply ', /\b(?:can|could|to)\s+supply\s+(?:the\s+|our\s+|its\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2})/giu],
  // "lead times for GPU components lengthened"
  ['lead', /\blead[- ]times?\s+(?:for|of|on)\s+(?:the\s+|our\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2})/giu],
  // "vendors of key parts such as battery cells, electronics and …"
  [' such as ', /\b(?:parts|components|materials|inputs)\s+such\s+as\s+([\p{L}-]+(?:\s[\p{L}-]+){0,2},?)/giu],
];
const NOT_OBJECTS = new Set(['majority', 'most', 'part', 'share', 'rest', 'remaining', 'supply', 'supplier', 'suppliers', 'source', 'company', 'volume', 'cost', 'costs', 'price', 'prices', 'every', 'items', 'products', 'parts', 'components', 'inputs', 'purchase', 'purchases', 'delivery', 'use', 'electricity', 'materials', 'them']);

/** The last words of a phrase up to a function word: "Halvern's lithium battery cells" → "battery cells". */
function headNoun(phrase: string): string | undefined {
  const raw = phrase.split(/\s+/);
  const kept: string[] = [];
  for (const [position, original] of raw.entries()) {
    const word = original.replace(/[^\p{L}-]/gu, '');
    if (kept.length > 0 && hasVerb(word)) break;
    if (kept.length === 0 && QUALIFIER_WORDS.has(word.toLowerCase())) continue;
    if (STOP.has(word.toLowerCase()) || /['’]s$/u.test(word)) {
      if (kept.length > 0) break;
      continue;
    }
    // A name opening the phrase ("Kestrel S40 …") is not the part; an acronym ("GPU") is.
    if (/^\p{Lu}\p{Ll}/u.test(word) && kept.length === 0) continue;
    kept.push(/^\p{Lu}{2,}$/u.test(word) ? word : word.toLowerCase());
    // "battery cells, electronics": a list ends the phrase at its first comma.
    if (/[,;]$/u.test(original) && position < raw.length - 1) break;
  }
  const head = kept.slice(-2).join(' ');
  if (head.length < 3 || kept.every((word) => NOT_OBJECTS.has(word.toLowerCase()) || QUALIFIER_WORDS.has(word.toLowerCase()))) return undefined;
  return head;
}

function key(phrase: string): string {
  return phrase.split(' ').map(stem).join(' ');
}

/** What the company buys from concentrated suppliers, most mentioned first. */
export function supplyObjects(texts: readonly string[], limit = 2): string[] {
  const counts = new Map<string, { phrase: string; count: number; first: number }>();
  let order = 0;
  for (const text of texts) {
    const lower = text.toLowerCase();
    for (const [keyword, pattern] of SUPPLY_PATTERNS) {
      if (!lower.includes(keyword)) continue;
      for (const match of text.matchAll(pattern)) {
        const head = headNoun(match[1] ?? '');
        if (head === undefined) continue;
        const entry = counts.get(key(head)) ?? { phrase: head, count: 0, first: order++ };
        entry.count += 1;
        // Parts are named in the plural ("flight controllers") whichever form came first.
        if (head.endsWith('s') && !entry.phrase.endsWith('s')) entry.phrase = head;
        counts.set(key(head), entry);
      }
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.first - b.first).slice(0, limit).map((entry) => entry.phrase);
}

/** The goods a tariff or duty hits: "Chinese-origin batteries and drone components". */
export function tariffObject(text: string): string | undefined {
  const match = /\b(?:tariffs?|duties|duty)\s+(?:of\s+[\d.]+\s?%\s+)?on\s+([^,.;:()]+)/iu.exec(text);
  if (match === null) return undefined;
  const kept: string[] = [];
  for (const word of (match[1] ?? '').trim().split(/\s+/)) {
    // A participle opening the phrase describes the goods ("imported components"); later, a verb ends it.
    if ((kept.length > 0 && hasVerb(word)) || /^(?:in|from|by|of|at|since|during|could|will|would|may)$/i.test(word) || /^\d/.test(word) || kept.length >= 8) break;
    kept.push(word);
  }
  while (kept.length > 0 && /^(?:and|or|the|a|an)$/i.test(kept[kept.length - 1] ?? '')) kept.pop();
  const phrase = kept.join(' ');
  return phrase.length >= 3 ? phrase : undefined;
}

const NOT_NOUN_OPENERS = new Set(['also', 'still', 'not', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'that', 'than', 'as', 'be', 'been', 'being', 'further', 'now', 'only', 'even', 'often', 'generally']);
const PRONOUN_SUBJECT = /^(?:it|its|they|their|this|these|that|those|there|his|her|he|she|we|our|such|the\s+(?:company|firm|group)|one|some|most|many)\b/i;
const GENERIC_HEADS = new Set(['complaints', 'complaint', 'problem', 'issue', 'concern', 'concerns', 'main', 'biggest', 'key', 'result', 'reason', 'risk', 'one', 'part']);

/**
 * What a statement is about, as a short noun phrase: its subject, or, when the subject is a
 * pronoun or a placeholder ("His complaints are …"), what follows the verb.
 */
export function topicPhrase(text: string, maxWords = 8): string | undefined {
  const clean = collapseWhitespace(stripLeadingHeading(text));
  const subject = subjectPhrase(clean, maxWords);
  const subjectWords = subject === undefined ? [] : wordsOf(subject);
  const placeholder = subject === undefined || PRONOUN_SUBJECT.test(subject) || subjectWords.every((word) => GENERIC_HEADS.has(word.toLowerCase().replace(/[^\p{L}]/gu, '')));
  if (!placeholder) return subject;
  const words = wordsOf(clean);
  const verb = firstVerbIndex(words);
  if (verb < 0) return undefined;
  const complement: string[] = [];
  const rest = words.slice(verb + 1);
  // "could also lead to …": a complement that starts with a verb, adverb or preposition is no noun phrase.
  const opener = (rest[0] ?? '').toLowerCase();
  if (rest.length === 0 || hasVerb(opener) || /ly$/.test(opener) || NOT_NOUN_OPENERS.has(opener)) return undefined;
  for (const word of rest) {
    if (/^[("“]/u.test(word)) break;
    complement.push(word);
    if (/[,;:(]$/u.test(word) || complement.length >= maxWords) break;
  }
  const phrase = leadClause(complement.join(' ').replace(/^(?:the|a|an)\s+/iu, ''), 90);
  return wordsOf(phrase).length >= 2 ? phrase : undefined;
}
