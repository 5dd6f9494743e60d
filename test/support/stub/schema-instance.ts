/**
 * Deterministic JSON Schema instance generator: the heart of the stub's structured answers.
 * It covers the draft-7 / 2020-12 subset that Zod 4's `toJSONSchema` and hand-written agent
 * schemas use. Values depend only on the request seed and their path, so the same request
 * always yields the same object.
 */
import { isPlainObject } from './json-in-text.js';
import type { PathChooser } from './random.js';
import type { SentenceWriter } from './sentences.js';
import { generateNumber } from './number-values.js';
import { generateString } from './string-values.js';
import type { StringContext } from './string-values.js';
import { stringMatchingPattern } from './pattern-string.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type SchemaNode = Record<string, unknown>;

export interface InstanceContext {
  chooser: PathChooser;
  writer: SentenceWriter;
  /** Ids that evidence fields cite: the prompt's ids, or invented ones for that fault. */
  evidencePool: readonly string[];
}

interface Position {
  path: string;
  name: string | undefined;
  depth: number;
  /** References expanded on the way here, to notice recursion. */
  references: readonly string[];
}

// Past this depth, or once a reference recurses this often, values stop growing: optional
// fields are left out and arrays shrink to minItems. Without it a tree schema explodes.
const shallowDepth = 8;
const recursionLimit = 2;
const maximumDepth = 40;

export function isEvidenceArrayName(name: string | undefined): boolean {
  return name !== undefined && (name === 'evidenceIds' || name === 'evidence_ids' || /EvidenceIds$/.test(name));
}

export function generateInstance(schema: unknown, context: InstanceContext): JsonValue {
  return new InstanceGenerator(schema, context).generate(schema, { path: '$', name: undefined, depth: 0, references: [] });
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function toNode(schema: unknown): SchemaNode {
  if (schema === false) return { not: {} };
  return isPlainObject(schema) ? schema : {};
}

function withoutKeys(node: SchemaNode, keys: readonly string[]): SchemaNode {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !keys.includes(key)));
}

/** Shallow allOf merge: enough for Zod's intersections and the usual "base + extension" schemas. */
function mergeSchemas(left: SchemaNode, right: SchemaNode): SchemaNode {
  const merged: SchemaNode = { ...left, ...right };
  if (isPlainObject(left.properties) || isPlainObject(right.properties)) {
    merged.properties = { ...toNode(left.properties), ...toNode(right.properties) };
  }
  const required = [...new Set([...stringList(left.required), ...stringList(right.required)])];
  if (required.length > 0) merged.required = required;
  return merged;
}

function isNullOnly(node: SchemaNode): boolean {
  return node.type === 'null' || (Array.isArray(node.type) && node.type.every((type) => type === 'null')) || node.const === null;
}

function isImpossible(node: SchemaNode): boolean {
  return isPlainObject(node.not) && Object.keys(node.not).length === 0;
}

function inferType(node: SchemaNode): string {
  const declared = node.type;
  if (typeof declared === 'string') return declared;
  if (Array.isArray(declared)) {
    const usable = declared.find((type) => type !== 'null');
    return typeof usable === 'string' ? usable : 'null';
  }
  if ('properties' in node || 'additionalProperties' in node || 'required' in node || 'patternProperties' in node) return 'object';
  if ('items' in node || 'prefixItems' in node || 'minItems' in node) return 'array';
  if ('minimum' in node || 'maximum' in node || 'exclusiveMinimum' in node || 'multipleOf' in node) return 'number';
  return 'string';
}

function isShallow(position: Position): boolean {
  if (position.depth >= shallowDepth) return true;
  const counts = new Map<string, number>();
  for (const reference of position.references) counts.set(reference, (counts.get(reference) ?? 0) + 1);
  return [...counts.values()].some((count) => count > recursionLimit);
}

class InstanceGenerator {
  private readonly stringContext: StringContext;

  constructor(
    private readonly root: unknown,
    private readonly context: InstanceContext,
  ) {
    this.stringContext = { chooser: context.chooser, writer: context.writer, evidencePool: context.evidencePool };
  }

  generate(schema: unknown, outer: Position): JsonValue {
    if (outer.depth > maximumDepth) return null;
    const followed: string[] = [];
    const node = this.resolve(toNode(schema), followed);
    const position = followed.length === 0 ? outer : { ...outer, references: [...outer.references, ...followed] };
    if ('const' in node) return node.const as JsonValue;
    if (Array.isArray(node.enum) && node.enum.length > 0) {
      return this.context.chooser.pick(position.path, node.enum as JsonValue[], 'enum');
    }
    switch (inferType(node)) {
      case 'object':
        return this.object(node, position);
      case 'array':
        return this.array(node, position);
      case 'integer':
        return generateNumber(node, position.name, position.path, this.context.chooser, true);
      case 'number':
        return generateNumber(node, position.name, position.path, this.context.chooser, false);
      case 'boolean':
        return this.context.chooser.index(position.path, 2, 'boolean') === 0;
      case 'null':
        return null;
      default:
        return generateString({ schema: node, name: position.name, path: position.path }, this.stringContext);
    }
  }

  /** Follows $ref, folds allOf and picks the anyOf/oneOf branch, until a plain node remains. */
  private resolve(start: SchemaNode, followed: string[] = []): SchemaNode {
    let node = start;
    for (let guard = 0; guard < 64; guard += 1) {
      if (typeof node.$ref === 'string') {
        followed.push(node.$ref);
        node = { ...this.dereference(node.$ref), ...withoutKeys(node, ['$ref']) };
      } else if (Array.isArray(node.allOf)) {
        node = node.allOf.map((part) => this.resolve(toNode(part), followed)).reduce(mergeSchemas, withoutKeys(node, ['allOf']));
      } else if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) {
        const branches = ((node.anyOf ?? node.oneOf) as unknown[]).map(toNode);
        // "First viable": skip impossible branches and prefer a real value over a bare null.
        const branch =
          branches.find((candidate) => !isImpossible(candidate) && !isNullOnly(this.resolve(candidate))) ??
          branches.find((candidate) => !isImpossible(candidate)) ??
          {};
        node = mergeSchemas(withoutKeys(node, ['anyOf', 'oneOf']), branch);
      } else return node;
    }
    return node;
  }

  private dereference(reference: string): SchemaNode {
    if (!reference.startsWith('#')) return {};
    let target: unknown = this.root;
    for (const segment of reference.slice(1).split('/').filter((part) => part.length > 0)) {
      const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isPlainObject(target) || Array.isArray(target) ? (target as Record<string, unknown>)[key] : undefined;
    }
    return toNode(target);
  }

  private object(node: SchemaNode, position: Position): JsonValue {
    const result: { [key: string]: JsonValue } = {};
    const properties = toNode(node.properties);
    const required = stringList(node.required);
    const shallow = isShallow(position);
    const child = (key: string, schema: unknown): JsonValue =>
      this.generate(schema, { ...position, path: `${position.path}.${key}`, name: key, depth: position.depth + 1 });
    for (const [key, schema] of Object.entries(properties)) {
      if (shallow && !required.includes(key)) continue;
      result[key] = child(key, schema);
    }
    const additional = node.additionalProperties;
    const additionalSchema = additional === false ? undefined : isPlainObject(additional) ? additional : {};
    for (const key of required) {
      if (!(key in result)) result[key] = child(key, additionalSchema ?? {});
    }
    if (Object.keys(properties).length === 0 && additionalSchema !== undefined && isPlainObject(additional)) {
      for (const key of this.recordKeys(node, position, Object.keys(result))) result[key] = child(key, additionalSchema);
    }
    return result;
  }

  /** Keys for a map-like object (`z.record`): every enum key, else a couple of readable slugs. */
  private recordKeys(node: SchemaNode, position: Position, existing: readonly string[]): string[] {
    const propertyNames = toNode(node.propertyNames);
    if (Array.isArray(propertyNames.enum)) return stringList(propertyNames.enum).filter((key) => !existing.includes(key));
    const minimum = typeof node.minProperties === 'number' ? node.minProperties : 0;
    const maximum = typeof node.maxProperties === 'number' ? node.maxProperties : Infinity;
    const wanted = Math.min(Math.max(2, minimum), maximum) - existing.length;
    const keys: string[] = [];
    for (let attempt = 0; keys.length < wanted && attempt < wanted * 8; attempt += 1) {
      const path = `${position.path}{key${attempt}}`;
      const key =
        typeof propertyNames.pattern === 'string'
          ? stringMatchingPattern(propertyNames.pattern, this.context.chooser, path)
          : this.context.writer.slug(path, String(attempt));
      if (key !== undefined && key.length > 0 && !keys.includes(key) && !existing.includes(key)) keys.push(key);
    }
    return keys;
  }

  private array(node: SchemaNode, position: Position): JsonValue {
    const minimum = typeof node.minItems === 'number' ? node.minItems : 0;
    const maximum = typeof node.maxItems === 'number' ? node.maxItems : Infinity;
    if (isEvidenceArrayName(position.name)) return this.evidenceIds(position.path, minimum, maximum);
    const tuple = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : [];
    const rest = Array.isArray(node.items) ? node.additionalItems : Array.isArray(node.prefixItems) ? node.items : node.items;
    const itemAt = (index: number, salt = ''): JsonValue =>
      this.generate(index < tuple.length ? tuple[index] : rest, {
        ...position,
        path: `${position.path}[${index}]${salt}`,
        depth: position.depth + 1,
      });
    const preferred = isShallow(position) ? minimum : 2 + this.context.chooser.index(position.path, 2, 'length');
    // A tuple without an explicit schema for extra items stays exactly as long as the tuple.
    const restAllowed = tuple.length === 0 ? rest !== false : rest !== undefined && rest !== false;
    const count = restAllowed ? Math.min(Math.max(preferred, minimum, tuple.length), maximum) : tuple.length;
    const items: JsonValue[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < count; index += 1) {
      let item = itemAt(index);
      // uniqueItems: vary the path salt until the value differs, then give up past minItems.
      for (let attempt = 1; node.uniqueItems === true && seen.has(JSON.stringify(item)) && attempt < 12; attempt += 1) {
        item = itemAt(index, `~${attempt}`);
      }
      if (node.uniqueItems === true && seen.has(JSON.stringify(item)) && items.length >= minimum) break;
      seen.add(JSON.stringify(item));
      items.push(item);
    }
    return items;
  }

  /** 1–3 distinct ids from the pool, chosen by position so sibling items cite different evidence. */
  private evidenceIds(path: string, minimum: number, maximum: number): JsonValue {
    const pool = this.context.evidencePool;
    if (pool.length === 0) return [];
    const preferred = 1 + this.context.chooser.index(path, 3, 'evidence-count');
    const count = Math.min(pool.length, maximum, Math.max(preferred, minimum));
    const start = this.context.chooser.index(path, pool.length, 'evidence-start');
    return Array.from({ length: count }, (_, offset) => pool[(start + offset) % pool.length]!);
  }
}
