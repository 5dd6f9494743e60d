/**
 * Decides what the stub "model" says to a chat request: a schema instance, a generic JSON
 * object or a plain paragraph, with content faults (truncation, schema violation, invented
 * citations, a reasoning preamble) applied on top.
 */
import { isPlainObject } from './json-in-text.js';
import type { FaultName } from './options.js';
import { analyzePrompt } from './prompt-analysis.js';
import { hashText, PathChooser } from './random.js';
import { generateInstance } from './schema-instance.js';
import type { JsonValue } from './schema-instance.js';
import { SentenceWriter } from './sentences.js';

export type AnswerKind = 'json-schema' | 'json-object' | 'text';

export interface ChatAnswer {
  kind: AnswerKind;
  content: string;
  /** Whether the requested fault changed this answer; inapplicable faults are answered normally. */
  faultApplied: boolean;
  /** Malformed plain-text answers break the HTTP body itself, since their content is not JSON. */
  corruptEnvelope: boolean;
  evidenceIds: readonly string[];
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens reported as prompt-cache reads (a share of `promptTokens`). */
  cachedTokens: number;
}

export interface ChatRequestBody {
  model: string;
  messages: readonly unknown[];
  response_format?: unknown;
}

/** Chars ÷ 4 is the usual rule of thumb for English; good enough for budgets in tests. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

function requestedSchema(responseFormat: unknown): { kind: AnswerKind; schema: unknown } | undefined {
  if (!isPlainObject(responseFormat)) return undefined;
  if (responseFormat.type === 'json_schema') {
    const jsonSchema = responseFormat.json_schema;
    if (isPlainObject(jsonSchema) && isPlainObject(jsonSchema.schema)) return { kind: 'json-schema', schema: jsonSchema.schema };
    return { kind: 'json-object', schema: undefined };
  }
  if (responseFormat.type === 'json_object') return { kind: 'json-object', schema: undefined };
  return undefined;
}

/** Ids in the right format that are guaranteed absent from the prompt. */
function inventEvidenceIds(seed: number, known: readonly string[]): string[] {
  const invented: string[] = [];
  for (let index = 0; invented.length < 3; index += 1) {
    const hex = `${hashText(seed, 'invented', index).toString(16).padStart(8, '0')}${hashText(index, 'invented', seed).toString(16).padStart(8, '0')}`;
    const id = `ev_${hex}`;
    if (!known.includes(id) && !invented.includes(id)) invented.push(id);
  }
  return invented;
}

/** Valid JSON that fails the schema: a required field goes missing, or the type is wrong. */
function violateSchema(value: JsonValue, schema: unknown): JsonValue {
  const required = isPlainObject(schema) && Array.isArray(schema.required) ? schema.required : [];
  if (isPlainObject(value)) {
    const victim = required.find((key): key is string => typeof key === 'string' && key in value);
    if (victim !== undefined) {
      const { [victim]: _removed, ...rest } = value;
      return rest;
    }
    return [value];
  }
  return { value };
}

/** Cuts JSON short so no parser accepts it (a stream that stopped mid-answer). */
function truncateJson(json: string): string {
  const cut = json.slice(0, Math.max(1, Math.floor(json.length * 0.6)));
  try {
    JSON.parse(cut);
    return `${cut},{"`;
  } catch {
    return cut;
  }
}

export function composeAnswer(body: ChatRequestBody, fault: FaultName | null, seed: number, cachedPromptFraction = 0): ChatAnswer {
  const analysis = analyzePrompt(body.messages);
  const requested = requestedSchema(body.response_format);
  const schema = requested?.schema ?? analysis.schemaInPrompt;
  const kind: AnswerKind = requested?.kind ?? (schema !== undefined ? 'json-object' : 'text');
  const chooser = new PathChooser(hashText(seed, analysis.text, JSON.stringify(schema ?? null)));
  const invented = fault === 'inventedIds' ? inventEvidenceIds(chooser.hash('$', 'invented'), analysis.evidenceIds) : undefined;
  const evidencePool = invented ?? analysis.evidenceIds;
  const writer = new SentenceWriter(analysis.vocabulary, chooser);
  let faultApplied = fault === 'malformedJson' || fault === 'thinkPreamble';
  let content: string;

  if (kind === 'text') {
    content = writer.answer('$', evidencePool);
    if (fault === 'thinkPreamble') content = `<think>\n${writer.thinking('$')}\n</think>\n\n${content}`;
  } else {
    let value: JsonValue =
      schema !== undefined
        ? generateInstance(schema, { chooser, writer, evidencePool })
        : { answer: writer.answer('$', evidencePool), evidenceIds: evidencePool.slice(0, 3) };
    if (fault === 'schemaInvalid' && schema !== undefined) {
      value = violateSchema(value, schema);
      faultApplied = true;
    }
    content = JSON.stringify(value);
    if (fault === 'malformedJson') content = truncateJson(content);
    if (fault === 'thinkPreamble') {
      content = `<think>\n${writer.thinking('$')}\n</think>\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
    }
  }
  if (invented !== undefined) faultApplied = invented.some((id) => content.includes(id));

  // Providers bill the response-format schema as prompt: count it like the messages.
  const schemaCharacters = requested?.schema !== undefined ? JSON.stringify(requested.schema).length : 0;
  const promptTokens = estimateTokens(analysis.characters + schemaCharacters);
  return {
    kind,
    content,
    faultApplied,
    corruptEnvelope: fault === 'malformedJson' && kind === 'text',
    evidenceIds: analysis.evidenceIds,
    promptTokens,
    completionTokens: estimateTokens(content.length),
    cachedTokens: Math.floor(promptTokens * cachedPromptFraction),
  };
}
