import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdownText, unescapeMarkdownText } from './markdown-escape.js';

const parser = new MarkdownIt({ html: true, linkify: true });
parser.linkify.set({ fuzzyLink: false });

// Fragments that mean something to CommonMark or GFM, mixed with ordinary and non-Latin text.
const fragment = fc.oneof(
  fc.constantFrom(
    '|', '\\', '`', '```', '*', '_', '**', '~~', '[', ']', '(', ')', '![', '](', '<', '>', '</td>', '<script>', '&amp;', '&#60;',
    '#', '# ', '- ', '+ ', '* ', '1. ', '2) ', '> ', '---', '===', '    ', '\t', '\n', '\r\n', ':', '[^1]', '[x]: /y',
    'https://evil.example', '//evil.example', 'www.evil.example', 'a@evil.example', 'javascript:alert(1)', '=SUM(A1)', '@x',
    'سلام', 'שלום', '漢字', '📈', '\u202e', '\u2066', '\u2069', ' ', 'a', '1',
  ),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const hostileText = fc.array(fragment, { maxLength: 16 }).map((parts) => parts.join(''));

function flatten(value: string): string {
  return value.replace(/\r\n|[\r\n\u2028\u2029\u0085\t\f\v]/g, ' ').trim();
}

function inlineChildren(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => token.type === 'inline').flatMap((token) => token.children ?? []);
}

function text(children: readonly Token[]): string {
  return children.map((child) => child.content).join('').replace(/^\u2068|\u2069$/g, '');
}

describe('escapeMarkdownText', () => {
  it('renders any text as exactly that text in a list item, with no structure', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const expected = flatten(value);
        fc.pre(expected.length > 0 && !expected.includes('\u0000'));
        const tokens = parser.parse(`- ${escapeMarkdownText(value)}`, {});
        expect(tokens.map((token) => token.type)).toEqual(['bullet_list_open', 'list_item_open', 'paragraph_open', 'inline', 'paragraph_close', 'list_item_close', 'bullet_list_close']);
        const children = inlineChildren(tokens);
        expect(children.every((child) => child.type === 'text')).toBe(true);
        expect(text(children)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a table cell a single cell holding the same text', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const expected = flatten(value);
        fc.pre(expected.length > 0 && !expected.includes('\u0000'));
        const tokens = parser.parse(`| a | b |\n| --- | --- |\n| ${escapeMarkdownText(value)} | end |`, {});
        const cells = tokens.filter((token) => token.type === 'td_open');
        expect(cells).toHaveLength(2);
        const inlines = tokens.filter((token) => token.type === 'inline');
        expect(text(inlines[2]?.children ?? [])).toBe(expected);
        expect(inlines[3]?.content).toBe('end');
      }),
      { numRuns: 400 },
    );
  });

  it('is reversed by unescapeMarkdownText', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        expect(unescapeMarkdownText(escapeMarkdownText(value))).toBe(flatten(value));
      }),
    );
  });

  it('defuses GFM www. autolinks, which this parser does not make', () => {
    expect(escapeMarkdownText('see www.evil.example or WWW.evil.example')).toBe('see www\\.evil.example or WWW\\.evil.example');
  });

  it('leaves ordinary prose readable', () => {
    expect(escapeMarkdownText('Revenue grew 9.7% to $1.28 billion (fiscal 2024).')).toBe('Revenue grew 9.7% to $1.28 billion (fiscal 2024).');
    expect(escapeMarkdownText('2024. A year')).toBe('2024\\. A year');
  });
});
