import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.js';

describe('htmlToText', () => {
  it('never returns script, style or hidden content', () => {
    const { text } = htmlToText(
      '<html><head><style>p{}</style></head><body><p>Visible.</p><script>steal()</script><div hidden>hidden one</div>' +
        '<p style="display: none">hidden two</p><noscript>enable js</noscript></body></html>',
    );
    expect(text).toBe('Visible.');
  });

  it('handles fragments, with or without a head', () => {
    expect(htmlToText('<p>Just a <em>fragment</em>.</p>')).toEqual({ text: 'Just a fragment.' });
    expect(htmlToText('<head><title>Memo</title></head><body><p>Body text.</p></body>')).toEqual({ title: 'Memo', text: 'Body text.' });
    expect(htmlToText('')).toEqual({ text: '' });
  });

  it('falls back to the first h1 for the title', () => {
    expect(htmlToText('<body><h1> Quarterly   review </h1><p>Numbers.</p></body>').title).toBe('Quarterly review');
  });

  it('keeps the main article and drops navigation on a typical page', () => {
    const paragraph = 'The company expanded its cold-chain network into three new regions this year, adding depots and trucks. ';
    const { text } = htmlToText(
      `<html><head><title>News</title></head><body><nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>` +
        `<article><p>${paragraph.repeat(4)}</p><p>${paragraph.repeat(3)}</p></article><footer>Cookie settings</footer></body></html>`,
    );
    expect(text).toContain('The company expanded its cold-chain network');
    expect(text).not.toContain('Jobs');
    expect(text).not.toContain('Cookie settings');
    expect(text.split('\n\n')).toHaveLength(2);
  });

  it('turns table rows and breaks into separate lines of text', () => {
    const { text } = htmlToText('<table><tr><td>Region</td><td>Share</td></tr><tr><td>North</td><td>42%</td></tr></table><p>a<br>b</p>');
    expect(text).toContain('Region Share');
    expect(text).toContain('North 42%');
    expect(text).not.toContain('ShareNorth');
  });
});
