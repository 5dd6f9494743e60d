/**
 * Strings for JSON Schema `string` nodes: formats, patterns, evidence ids and prose, always
 * within minLength/maxLength. Prose is tried first so free-text fields read naturally; a
 * pattern only takes over when the prose does not match it.
 */
import { compilePattern, stringMatchingPattern } from './pattern-string.js';
import type { PathChooser } from './random.js';
import { fitLength, humanizeName } from './sentences.js';
import type { SentenceWriter } from './sentences.js';

export interface StringRequest {
  schema: Record<string, unknown>;
  /** Property name owning the value (for array items, the array's property name). */
  name: string | undefined;
  path: string;
}

export interface StringContext {
  chooser: PathChooser;
  writer: SentenceWriter;
  evidencePool: readonly string[];
}

const paragraphNames = /(summary|description|rationale|explanation|narrative|detail|details|reasoning|analysis|overview|implication|justification|comment|answer|text|body|content)$/i;
const titleNames = /(title|name|heading|label|headline)$/i;

export function isEvidenceIdName(name: string | undefined): boolean {
  return name !== undefined && (name === 'evidenceId' || name === 'evidence_id' || /EvidenceId$/.test(name));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function isoDate(chooser: PathChooser, path: string): string {
  const day = new Date(Date.UTC(2023, 0, 1) + chooser.index(path, 900, 'date') * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function uuid(chooser: PathChooser, path: string): string {
  const hex = Array.from({ length: 4 }, (_, part) => chooser.hash(path, `uuid${part}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function formatted(format: string, request: StringRequest, context: StringContext): string | undefined {
  const { chooser, writer } = context;
  switch (format) {
    case 'date-time':
      return `${isoDate(chooser, request.path)}T09:30:00Z`;
    case 'date':
      return isoDate(chooser, request.path);
    case 'time':
      return '09:30:00';
    case 'email':
    case 'idn-email':
      return `${writer.slug(request.path)}@example.com`;
    case 'uri':
    case 'url':
    case 'iri':
    case 'uri-reference':
      return `https://example.com/${writer.slug(request.path)}`;
    case 'uuid':
      return uuid(chooser, request.path);
    case 'hostname':
      return 'example.com';
    case 'ipv4':
      return '192.0.2.10';
    case 'ipv6':
      return '2001:db8::10';
    case 'duration':
      return 'P30D';
    default:
      return undefined;
  }
}

/** Fallbacks guessed from the field name when the schema gives no format. */
function byName(request: StringRequest, context: StringContext): string | undefined {
  const name = request.name ?? '';
  if (/(url|uri|link|href)$/i.test(name)) return formatted('url', request, context);
  if (/email$/i.test(name)) return formatted('email', request, context);
  if (/(At|date|Date)$/.test(name)) return formatted('date-time', request, context);
  if (/^id$|[a-z]Id$/.test(name)) return `${context.writer.slug(request.path)}-${context.chooser.between(request.path, 1, 99, 'id')}`;
  return undefined;
}

function prose(request: StringRequest, context: StringContext): string {
  const label = humanizeName(request.name ?? 'point');
  if (titleNames.test(request.name ?? '')) return context.writer.title(label, request.path);
  if (paragraphNames.test(request.name ?? '')) return context.writer.paragraph(label, request.path);
  return context.writer.sentence(label, request.path);
}

export function generateString(request: StringRequest, context: StringContext): string {
  const { schema, path } = request;
  const minimumLength = numberOr(schema.minLength, 0);
  const maximumLength = numberOr(schema.maxLength, Number.POSITIVE_INFINITY);
  const pattern = typeof schema.pattern === 'string' ? compilePattern(schema.pattern) : undefined;
  const fits = (candidate: string): boolean =>
    candidate.length >= minimumLength && candidate.length <= maximumLength && (pattern === undefined || pattern.test(candidate));

  const candidates: (string | undefined)[] = [];
  if (context.evidencePool.length > 0 && (isEvidenceIdName(request.name) || /ev_/.test(String(schema.pattern ?? '')))) {
    candidates.push(context.chooser.pick(path, context.evidencePool, 'evidence'));
  }
  if (typeof schema.format === 'string') candidates.push(formatted(schema.format, request, context));
  candidates.push(byName(request, context));
  for (const candidate of candidates) if (candidate !== undefined && fits(candidate)) return candidate;

  let more = 0;
  const text = fitLength(prose(request, context), minimumLength, maximumLength, () => {
    more += 1;
    return context.writer.sentence(humanizeName(request.name ?? 'point'), `${path}#more${more}`);
  });
  if (fits(text)) return text;
  if (typeof schema.pattern === 'string') {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const matching = stringMatchingPattern(schema.pattern, context.chooser, `${path}@${attempt}`);
      if (matching !== undefined && fits(matching)) return matching;
    }
  }
  // Nothing fits: return the closest effort; the schema is beyond what the stub models.
  return text;
}
