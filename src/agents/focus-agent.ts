import type { StepHandler } from '../core/engine.js';
import { toJsonValue } from '../core/json.js';
import { splitSentences, tokenize } from '../llm/extractive/text.js';
import { requestOf, timed } from './services.js';

const STOPWORDS = new Set(
  'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours company business firm should could need needs want wants like especially particular focus focused analysis analyse analyze report'.split(' '),
);

/** Salient terms of a free-text context, most frequent first (ties keep first appearance). */
export function focusTermsOf(context: string, limit = 12): string[] {
  const counts = new Map<string, number>();
  for (const token of tokenize(context)) {
    if (token.length < 3 || STOPWORDS.has(token) || /^\d+$/.test(token)) continue;
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([term]) => term);
}

/**
 * Focus: turns the user's context into the terms every framework step ranks evidence by and
 * the questions the synthesis must answer. Present only when a context was given.
 */
export function focusAgent(): StepHandler {
  return async (context) => {
    const request = requestOf(context);
    const output = await timed(async () => {
      const text = request.context ?? '';
      const sentences = splitSentences(text);
      const questions = sentences.filter((sentence) => sentence.trim().endsWith('?'));
      return { focusTerms: focusTermsOf(text), questions: questions.length > 0 ? questions : sentences.slice(0, 3) };
    });
    return { output: toJsonValue(output) };
  };
}
