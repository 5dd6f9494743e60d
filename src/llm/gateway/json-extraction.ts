/**
 * Gets the JSON out of what weak and reasoning models actually write: a `<think>` preamble,
 * prose around the answer, a Markdown code fence, or all three. The first balanced JSON value
 * that parses wins.
 */
export type ExtractionResult = { ok: true; value: unknown } | { ok: false; reason: string };

const REASONING_BLOCK = /<(think|thinking|reasoning)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const UNCLOSED_REASONING = /<(think|thinking|reasoning)\b[^>]*>[\s\S]*$/i;
const CODE_FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;

/** Removes reasoning blocks; an unclosed one (a truncated answer) is cut to the end. */
export function stripReasoning(text: string): string {
  const closed = text.replace(REASONING_BLOCK, ' ');
  // An unclosed block may still hold the answer after the reasoning, so keep its JSON-looking tail.
  const unclosed = UNCLOSED_REASONING.exec(closed);
  if (!unclosed) return closed;
  const tail = closed.slice(unclosed.index);
  const firstJson = tail.search(/[[{]/);
  return closed.slice(0, unclosed.index) + (firstJson === -1 ? '' : tail.slice(firstJson));
}

/** Index just past the bracket that closes the one at `start`, skipping brackets inside strings; -1 if unbalanced. */
export function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index]!;
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') stack.push('}');
    else if (character === '[') stack.push(']');
    else if (character === '}' || character === ']') {
      if (stack.pop() !== character) return -1;
      if (stack.length === 0) return index + 1;
    }
  }
  return -1;
}

/** The first balanced `{…}` or `[…]` in `text` that parses as JSON. */
export function firstJsonValue(text: string): ExtractionResult {
  let sawCandidate = false;
  for (let start = text.search(/[[{]/); start !== -1; ) {
    const end = balancedEnd(text, start);
    if (end !== -1) {
      sawCandidate = true;
      try {
        return { ok: true, value: JSON.parse(text.slice(start, end)) as unknown };
      } catch {
        // Prose in braces ("{see below}") is not the answer; keep looking after it.
      }
    }
    const next = text.slice(start + 1).search(/[[{]/);
    start = next === -1 ? -1 : start + 1 + next;
  }
  return { ok: false, reason: sawCandidate ? 'no balanced JSON value in the answer parses' : 'the answer contains no complete JSON object or array (cut short?)' };
}

/** Reasoning stripped, fenced blocks tried first, then the whole text. */
export function extractJson(text: string): ExtractionResult {
  const visible = stripReasoning(text);
  const trimmed = visible.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { ok: true, value: JSON.parse(trimmed) as unknown };
    } catch {
      // Fall through: trailing prose or a second value after the first.
    }
  }
  for (const fence of visible.matchAll(CODE_FENCE)) {
    // The value that starts inside the fence, scanned in the whole text: the closing ``` the
    // fence pattern stopped at may sit inside a JSON string ("```" is a valid key or value).
    const contentStart = fence.index + fence[0].length - (fence[1] ?? '').length - 3;
    const start = visible.slice(contentStart).search(/[[{]/);
    if (start !== -1) {
      const from = contentStart + start;
      const end = balancedEnd(visible, from);
      if (end !== -1) {
        try {
          return { ok: true, value: JSON.parse(visible.slice(from, end)) as unknown };
        } catch {
          // Not this one; the fence's own content is tried next.
        }
      }
    }
    const found = firstJsonValue(fence[1] ?? '');
    if (found.ok) return found;
  }
  return firstJsonValue(visible);
}
