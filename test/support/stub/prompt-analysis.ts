/**
 * Reads an OpenAI-style `messages` array the way the stub needs it: how long the prompt is,
 * which evidence ids it offers, which words it is about, and whether it carries a schema.
 */
import { findJsonSchemaInText } from './json-in-text.js';

export interface TextVocabulary {
  /** The most prominent proper name or phrase of the prompt, e.g. a company name. */
  topic: string;
  /** Frequent content words, most frequent first; never empty. */
  keywords: readonly string[];
}

export interface PromptAnalysis {
  text: string;
  characters: number;
  evidenceIds: readonly string[];
  vocabulary: TextVocabulary;
  schemaInPrompt: Record<string, unknown> | undefined;
}

// Lookarounds keep a longer hex run from yielding a prefix that was never a real id.
const evidenceIdPattern = /(?<![A-Za-z0-9_])ev_[0-9a-f]{16}(?![0-9a-f])/g;

export function findEvidenceIds(text: string): string[] {
  return [...new Set(text.match(evidenceIdPattern) ?? [])];
}

export function analyzePrompt(messages: readonly unknown[]): PromptAnalysis {
  const text = messages.map(messageText).join('\n\n');
  const schema = findJsonSchemaInText(text);
  // Schema keywords ("properties", "required") would otherwise dominate the vocabulary.
  const prose = schema === undefined ? text : text.slice(0, schema.start) + text.slice(schema.end);
  const withoutIds = prose.replace(evidenceIdPattern, ' ');
  return {
    text,
    characters: text.length,
    evidenceIds: findEvidenceIds(JSON.stringify(messages)),
    vocabulary: buildVocabulary(withoutIds),
    schemaInPrompt: schema?.value,
  };
}

function messageText(message: unknown): string {
  if (typeof message !== 'object' || message === null) return '';
  const { content, tool_calls: toolCalls } = message as { content?: unknown; tool_calls?: unknown };
  const parts: string[] = [];
  if (typeof content === 'string') parts.push(content);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') {
        parts.push((part as { text: string }).text);
      }
    }
  }
  if (Array.isArray(toolCalls)) {
    for (const call of toolCalls) {
      const argumentsText = (call as { function?: { arguments?: unknown } } | null)?.function?.arguments;
      if (typeof argumentsText === 'string') parts.push(argumentsText);
    }
  }
  return parts.join('\n');
}

const stopWords = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either else ever every few for from further had has have having he her here ' +
    'hers him his how however if in into is it its itself just least less like many may me might more most much must my ' +
    'neither no nor not now of off on once only or other our ours out over own per rather same shall she should since so some ' +
    'such than that the their theirs them then there these they this those though through thus to too under until up upon us ' +
    'very was we were what when where whether which while who whom whose why will with within without would yet you your yours ' +
    // Instruction words say what to do, not what the prompt is about.
    'analyze analyse answer assess based cite cited citing consider describe each evaluate explain following give given ' +
    'identify include including list make please provide provided respond response return returns summarize summarise task ' +
    'use using write output input format evidence ids id json schema object array string number boolean null true false ' +
    'field fields property properties required type items valid value values block blocks data instructions instruction ' +
    'user system assistant message question questions note notes must only never always ' +
    // Frequent verbs and numerals make ungrammatical "pressure on grew" sentences.
    'sell sells sold grow grows grew rise rises rose fall falls fell raise raises made makes take takes took ' +
    'show shows seen says said include includes became become becomes remain remains using one two three four five ' +
    'six seven eight nine ten first second third'
  ).split(' '),
);

const ignoredTopics = new Set(['JSON', 'ID', 'IDS', 'URL', 'API', 'SSE', 'HTTP']);

function buildVocabulary(text: string): TextVocabulary {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/\b[A-Za-z][A-Za-z'-]{2,}\b/g)) {
    const word = match[0].toLowerCase().replace(/'s$/, '');
    // Past participles and adverbs read badly where the templates expect a noun.
    if (stopWords.has(word) || word.length < 4 || /(ed|ly)$/.test(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const topic = findTopic(text);
  const topicWords = new Set(topic.toLowerCase().split(/\s+/));
  // Map iteration order is first appearance, and the sort is stable, so ties keep prompt order.
  const keywords = [...counts.entries()]
    .filter(([word]) => !topicWords.has(word))
    .sort((left, right) => right[1] - left[1])
    .slice(0, 16)
    .map(([word]) => word);
  return { topic, keywords: keywords.length > 0 ? keywords : ['market position', 'growth', 'competition'] };
}

function findTopic(text: string): string {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/\b[A-Z][A-Za-z0-9&'-]+(?:[ \t]+[A-Z][A-Za-z0-9&'-]+){0,2}\b/g)) {
    const words = match[0].split(/[ \t]+/).filter((word) => !stopWords.has(word.toLowerCase()) && !ignoredTopics.has(word.toUpperCase()));
    if (words.length === 0) continue;
    const phrase = words.join(' ');
    counts.set(phrase, (counts.get(phrase) ?? 0) + words.length);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [phrase, count] of counts) {
    if (count > bestCount) {
      best = phrase;
      bestCount = count;
    }
  }
  return best ?? 'the company';
}
