/**
 * Generates a string matching a simple regular expression (the subset JSON Schemas use for
 * identifiers and codes: classes, ranges, groups, alternation, quantifiers). Lookarounds and
 * back-references are out of scope; callers verify the result and fall back.
 */
import type { PathChooser } from './random.js';

type PatternNode =
  | { kind: 'literal'; text: string }
  | { kind: 'set'; characters: string }
  | { kind: 'sequence'; items: PatternNode[] }
  | { kind: 'alternation'; options: PatternNode[] }
  | { kind: 'repeat'; node: PatternNode; minimum: number; maximum: number };

class UnsupportedPattern extends Error {}

const digits = '0123456789';
const lowercase = 'abcdefghijklmnopqrstuvwxyz';
const uppercase = lowercase.toUpperCase();
const wordCharacters = `${lowercase}${uppercase}${digits}_`;
const printable = Array.from({ length: 95 }, (_, offset) => String.fromCharCode(32 + offset)).join('');

class PatternParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parse(): PatternNode {
    const node = this.alternation();
    if (this.position < this.source.length) throw new UnsupportedPattern(`unexpected ${this.source[this.position]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alternation', options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: 'sequence', items };
  }

  private atom(): PatternNode {
    const character = this.source[this.position]!;
    this.position += 1;
    switch (character) {
      case '^':
      case '$':
        return { kind: 'literal', text: '' };
      case '.':
        return { kind: 'set', characters: lowercase };
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      case '\\':
        return this.escape(false);
      default:
        return { kind: 'literal', text: character };
    }
  }

  private group(): PatternNode {
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (this.source.startsWith('?<', this.position) && !/^\?<[=!]/.test(this.source.slice(this.position))) {
      this.position = this.source.indexOf('>', this.position) + 1;
    } else if (this.peek() === '?') throw new UnsupportedPattern('lookaround');
    const inner = this.alternation();
    if (this.peek() !== ')') throw new UnsupportedPattern('unclosed group');
    this.position += 1;
    return inner;
  }

  private escape(inClass: boolean): PatternNode {
    const character = this.source[this.position];
    this.position += 1;
    switch (character) {
      case 'd':
        return { kind: 'set', characters: digits };
      case 'w':
        return { kind: 'set', characters: wordCharacters };
      case 's':
        return { kind: 'set', characters: ' ' };
      case 'D':
      case 'S':
        return { kind: 'set', characters: lowercase };
      case 'W':
        return { kind: 'set', characters: '-' };
      case 'b':
      case 'B':
        if (inClass) return { kind: 'literal', text: '\b' };
        return { kind: 'literal', text: '' };
      case 'n':
        return { kind: 'literal', text: '\n' };
      case 't':
        return { kind: 'literal', text: '\t' };
      case 'u':
      case 'x': {
        const length = character === 'u' ? 4 : 2;
        const hex = this.source.slice(this.position, this.position + length);
        this.position += length;
        return { kind: 'literal', text: String.fromCharCode(Number.parseInt(hex, 16)) };
      }
      case undefined:
        throw new UnsupportedPattern('dangling escape');
      default:
        if (/[1-9]/.test(character)) throw new UnsupportedPattern('back-reference');
        return { kind: 'literal', text: character };
    }
  }

  private characterClass(): PatternNode {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.position += 1;
    }
    let members = '';
    let first = true;
    while (this.position < this.source.length && (this.peek() !== ']' || first)) {
      first = false;
      const start = this.classMember();
      if (this.peek() === '-' && this.source[this.position + 1] !== ']' && start.length === 1) {
        this.position += 1;
        const end = this.classMember();
        for (let code = start.charCodeAt(0); code <= end.charCodeAt(0); code += 1) members += String.fromCharCode(code);
      } else members += start;
    }
    if (this.peek() !== ']') throw new UnsupportedPattern('unclosed class');
    this.position += 1;
    const characters = negated ? [...printable].filter((character) => !members.includes(character)).join('') : members;
    if (characters.length === 0) throw new UnsupportedPattern('empty class');
    return { kind: 'set', characters };
  }

  private classMember(): string {
    const character = this.source[this.position]!;
    this.position += 1;
    if (character !== '\\') return character;
    const node = this.escape(true);
    return node.kind === 'set' ? node.characters : node.kind === 'literal' ? node.text : '';
  }

  private quantified(atom: PatternNode): PatternNode {
    const character = this.peek();
    let minimum: number;
    let maximum: number;
    if (character === '*') [minimum, maximum] = [0, Infinity];
    else if (character === '+') [minimum, maximum] = [1, Infinity];
    else if (character === '?') [minimum, maximum] = [0, 1];
    else if (character === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (match === null) return atom;
      minimum = Number(match[1]);
      maximum = match[2] === undefined ? minimum : match[3] === '' ? Infinity : Number(match[3]);
      this.position += match[0].length - 1;
    } else return atom;
    this.position += 1;
    // Lazy and possessive markers change matching, not which strings match.
    if (this.peek() === '?' || this.peek() === '+') this.position += 1;
    return { kind: 'repeat', node: atom, minimum, maximum };
  }
}

function render(node: PatternNode, chooser: PathChooser, path: string): string {
  switch (node.kind) {
    case 'literal':
      return node.text;
    case 'set':
      return node.characters[chooser.index(path, node.characters.length)]!;
    case 'sequence':
      return node.items.map((item, index) => render(item, chooser, `${path}.${index}`)).join('');
    case 'alternation':
      return render(chooser.pick(path, node.options), chooser, `${path}|`);
    case 'repeat': {
      // Unbounded repeats stay short: identifiers, not essays.
      const upper = Math.min(node.maximum, node.minimum + 3);
      const count = node.minimum === upper ? node.minimum : Math.max(node.minimum, chooser.between(path, node.minimum, upper, 'count'), 1);
      let text = '';
      for (let index = 0; index < count; index += 1) text += render(node.node, chooser, `${path}*${index}`);
      return text;
    }
  }
}

export function compilePattern(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // JSON Schema patterns are meant for the `u` flag, but some generators emit escapes it rejects.
    }
  }
  return undefined;
}

/** A string matching `pattern`, or undefined when the pattern is outside the supported subset. */
export function stringMatchingPattern(pattern: string, chooser: PathChooser, path: string): string | undefined {
  const regularExpression = compilePattern(pattern);
  if (regularExpression === undefined) return undefined;
  let tree: PatternNode;
  try {
    tree = new PatternParser(pattern).parse();
  } catch (error) {
    if (error instanceof UnsupportedPattern) return undefined;
    throw error;
  }
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const candidate = render(tree, chooser, `${path}~${attempt}`);
    if (regularExpression.test(candidate)) return candidate;
  }
  return undefined;
}
