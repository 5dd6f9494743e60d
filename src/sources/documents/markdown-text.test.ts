import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown-text.js';

describe('markdownToText', () => {
  it('prefers the front-matter title and drops the front matter', () => {
    const result = markdownToText('---\ntitle: "Board memo"\nauthor: A\n---\n# Heading\n\nBody.');
    expect(result.title).toBe('Board memo');
    expect(result.text).toBe('Heading\n\nBody.');
  });

  it('takes the first heading, ATX or setext, as the title', () => {
    expect(markdownToText('Intro line\n\n## Second level ##\n\ntext').title).toBe('Second level');
    expect(markdownToText('Market sizing\n=============\n\nText.')).toEqual({ title: 'Market sizing', text: 'Market sizing\n\nText.' });
  });

  it('keeps link and image text, drops targets, emphasis and code marks', () => {
    const { text } = markdownToText('See **the [report](https://example.com/r.pdf)** and ![chart of demand](c.png) in `data.csv`.\n\n[ref]: https://example.com');
    expect(text).toBe('See the report and chart of demand in data.csv.');
  });

  it('separates a heading from the paragraph that follows without a blank line', () => {
    expect(markdownToText('# Title\nFirst sentence.').text).toBe('Title\n\nFirst sentence.');
  });

  it('removes embedded scripts, styles and comments', () => {
    const { text } = markdownToText('Visible <!-- note to self -->\n\n<script>alert(1)</script>\n\n<style>p{}</style>text');
    expect(text).toBe('Visible\n\ntext');
  });

  it('keeps code block content but not the fences', () => {
    expect(markdownToText('```js\nconst demand = 3;\n```').text).toBe('const demand = 3;');
  });
});
