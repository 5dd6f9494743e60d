/**
 * Deterministic embeddings by feature hashing: each word and word pair adds ±1 to a hashed
 * dimension. Equal texts give equal vectors and texts sharing words point the same way, which
 * is what semantic-cache and retrieval tests need from a fake embedding model.
 */
import { hashText } from './random.js';

export function embedText(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    const hash = hashText('embedding', feature);
    const sign = hashText('sign', feature) % 2 === 0 ? 1 : -1;
    vector[hash % dimensions]! += sign * weight;
  };
  words.forEach((word, index) => {
    add(word, 1);
    if (index > 0) add(`${words[index - 1]} ${word}`, 0.5);
  });
  let norm = Math.hypot(...vector);
  if (norm === 0) {
    // Texts without words (empty, punctuation) still need a unit vector; hash the raw text.
    vector[hashText('raw', text) % dimensions] = 1;
    norm = 1;
  }
  return vector.map((value) => value / norm);
}

/** OpenAI accepts a string, a list of strings, or token arrays; tokens are embedded as text. */
export function embeddingInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return undefined;
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  if (input.every((item) => typeof item === 'string' || Array.isArray(item))) {
    return input.map((item) => (typeof item === 'string' ? item : (item as unknown[]).join(' ')));
  }
  return undefined;
}
