import { asSchema, type JSONSchema7, type OutputInterface } from 'ai';
import type { z } from 'zod';
import type { OutputMode } from '../providers.js';
import { extractJson } from './json-extraction.js';

// Converting a schema costs more than a local request; each schema is converted once.
const jsonSchemas = new WeakMap<z.ZodType, Promise<JSONSchema7>>();

/** The JSON Schema the SDK sends for a Zod schema, so the prompt-side copy matches it exactly. */
export function jsonSchemaOf(schema: z.ZodType): Promise<JSONSchema7> {
  let converted = jsonSchemas.get(schema);
  if (!converted) {
    converted = Promise.resolve(asSchema(schema).jsonSchema).then((value) => value as JSONSchema7);
    jsonSchemas.set(schema, converted);
  }
  return converted;
}

/**
 * An AI SDK output specification that asks the provider for the right response format but
 * hands back the raw text: extraction, validation and repair are ours, so a weak model's
 * `<think>` preamble or code fence is recovered instead of failing inside the SDK.
 */
export function rawJsonOutput(mode: OutputMode, jsonSchema: JSONSchema7, name: string): OutputInterface<string, string, never> | undefined {
  if (mode === 'prompt') return undefined;
  const responseFormat = mode === 'native' ? { type: 'json' as const, schema: jsonSchema, name } : { type: 'json' as const };
  return {
    name: 'raw-json',
    responseFormat: Promise.resolve(responseFormat),
    parseCompleteOutput: async ({ text }) => text,
    // streamText publishes a text delta only when the partial output changes: pass the text through.
    parsePartialOutput: async ({ text }) => ({ partial: text }),
    createElementStreamTransform: () => undefined,
  };
}

/** Without native structured output the schema travels in the system prompt. */
export function schemaInstructions(jsonSchema: JSONSchema7): string {
  return [
    'Answer with one JSON object and nothing else: no prose, no Markdown fence, no reasoning.',
    'It must validate against this JSON Schema:',
    JSON.stringify(jsonSchema),
  ].join('\n');
}

export type ValidationOutcome<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const MAX_LISTED_ERRORS = 12;

/** Extracts and validates; the errors read as a list a model can act on. */
export function validateAnswer<T>(text: string, schema: z.ZodType<T>): ValidationOutcome<T> {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, errors: [extracted.reason] };
  const parsed = schema.safeParse(extracted.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = parsed.error.issues.slice(0, MAX_LISTED_ERRORS).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  if (parsed.error.issues.length > MAX_LISTED_ERRORS) errors.push(`… and ${parsed.error.issues.length - MAX_LISTED_ERRORS} more problems`);
  return { ok: false, errors };
}

const MAX_ECHOED_ANSWER_CHARACTERS = 6_000;

/** The one repair turn: the rejected answer, then what was wrong with it. */
export function repairMessages(rejected: string, errors: readonly string[]): { role: 'assistant' | 'user'; content: string }[] {
  const echoed = rejected.length > MAX_ECHOED_ANSWER_CHARACTERS ? `${rejected.slice(0, MAX_ECHOED_ANSWER_CHARACTERS)}…` : rejected;
  return [
    { role: 'assistant', content: echoed || '(empty answer)' },
    {
      role: 'user',
      content: [
        'Your answer could not be used. It failed validation:',
        ...errors.map((error) => `- ${error}`),
        'Reply again with only the corrected JSON object, matching the required schema exactly. Keep citing only evidence ids shown in the evidence blocks.',
      ].join('\n'),
    },
  ];
}
