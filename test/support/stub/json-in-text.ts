/**
 * Finds JSON Schemas written inside prompt text. Providers without structured outputs get the
 * schema as prose ("Answer with JSON matching this schema: {...}"), so the stub has to dig it
 * out to answer with a valid instance.
 */

export interface FoundJson {
  value: Record<string, unknown>;
  start: number;
  end: number;
}

/** Top-level JSON objects embedded in `text`, in order of appearance. */
export function findJsonObjects(text: string): FoundJson[] {
  const found: FoundJson[] = [];
  let index = text.indexOf('{');
  while (index !== -1) {
    const end = matchingBrace(text, index);
    if (end !== -1) {
      const parsed = tryParseObject(text.slice(index, end + 1));
      if (parsed !== undefined) {
        found.push({ value: parsed, start: index, end: end + 1 });
        index = text.indexOf('{', end + 1);
        continue;
      }
    }
    index = text.indexOf('{', index + 1);
  }
  return found;
}

/** Index of the brace closing the one at `start`, skipping braces inside JSON strings. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') depth += 1;
    else if (character === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function tryParseObject(candidate: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(candidate);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether an object reads as a JSON Schema rather than as data: evidence blocks and examples
 * in prompts are JSON too, and answering them with a schema instance would be wrong.
 */
export function looksLikeJsonSchema(value: Record<string, unknown>): boolean {
  if (typeof value.$schema === 'string') return true;
  if (value.type === 'object' && isPlainObject(value.properties)) return true;
  if (value.type === 'array' && isPlainObject(value.items)) return true;
  return isPlainObject(value.properties) && Array.isArray(value.required);
}

/** The largest schema-looking object in the text: the response schema dwarfs any fragment. */
export function findJsonSchemaInText(text: string): FoundJson | undefined {
  let best: FoundJson | undefined;
  for (const candidate of findJsonObjects(text)) {
    if (!looksLikeJsonSchema(candidate.value)) continue;
    if (best === undefined || candidate.end - candidate.start > best.end - best.start) best = candidate;
  }
  return best;
}
