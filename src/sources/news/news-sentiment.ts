/**
 * A small news-headline lexicon (in the spirit of Loughran–McDonald's finance word lists):
 * words that signal good or bad news for a company, with negation ("no recall", "not profitable")
 * flipping the word after it. Deterministic and explainable: the words that counted are kept.
 */
const POSITIVE = [
  'beat', 'beats', 'surge', 'surges', 'soar', 'soars', 'jump', 'jumps', 'rally', 'rallies', 'gain', 'gains', 'growth', 'grow', 'grows',
  'record', 'profit', 'profitable', 'upgrade', 'upgraded', 'outperform', 'strong', 'stronger', 'expand', 'expands', 'expansion',
  'win', 'wins', 'award', 'awarded', 'launch', 'launches', 'partnership', 'approve', 'approved', 'approval', 'raise', 'raises',
  'rebound', 'boost', 'boosts', 'success', 'successful', 'innovative', 'breakthrough', 'optimistic', 'upbeat', 'exceed', 'exceeds',
];
const NEGATIVE = [
  'miss', 'misses', 'plunge', 'plunges', 'fall', 'falls', 'drop', 'drops', 'slump', 'slumps', 'decline', 'declines', 'loss', 'losses',
  'lawsuit', 'sue', 'sued', 'probe', 'investigation', 'fine', 'fined', 'recall', 'recalls', 'downgrade', 'downgraded', 'layoff', 'layoffs',
  'cut', 'cuts', 'weak', 'weaker', 'warn', 'warns', 'warning', 'bankruptcy', 'fraud', 'scandal', 'delay', 'delays', 'shortage', 'breach',
  'tariff', 'tariffs', 'ban', 'banned', 'crash', 'crisis', 'halt', 'halts', 'resign', 'resigns', 'strike', 'outage', 'default', 'slowdown',
];
const NEGATIONS = new Set(['no', 'not', 'never', 'without', "n't", 'nor', 'avoid', 'avoids', 'avoided']);

const POSITIVE_SET = new Set(POSITIVE);
const NEGATIVE_SET = new Set(NEGATIVE);

export interface NewsSentiment {
  /** (positive − negative) ÷ counted words, in −1…1; 0 when nothing counted. */
  score: number;
  label: 'positive' | 'negative' | 'neutral';
  positive: string[];
  negative: string[];
}

export function newsSentiment(text: string): NewsSentiment {
  const words = text.toLowerCase().replace(/n't\b/g, " n't").match(/[a-z']+/g) ?? [];
  const positive: string[] = [];
  const negative: string[] = [];
  words.forEach((word, index) => {
    const negated = words.slice(Math.max(0, index - 2), index).some((previous) => NEGATIONS.has(previous));
    if (POSITIVE_SET.has(word)) (negated ? negative : positive).push(word);
    else if (NEGATIVE_SET.has(word)) (negated ? positive : negative).push(word);
  });
  const counted = positive.length + negative.length;
  const score = counted === 0 ? 0 : (positive.length - negative.length) / counted;
  const label = score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral';
  return { score: Math.round(score * 1000) / 1000, label, positive, negative };
}
