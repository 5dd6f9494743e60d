import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractJson, firstJsonValue, stripReasoning } from './json-extraction.js';

const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
const jsonArray = fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 });
const prose = fc.string({ maxLength: 60 }).map((text) => text.replace(/[[\]{}`<>"]/g, ''));

/** JSON.parse turns -0 into 0 and drops nothing else; compare through a round trip. */
const normalized = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('JSON extraction', () => {
  it('finds any JSON object or array behind a <think> block, prose and a code fence', () => {
    fc.assert(
      fc.property(fc.oneof(jsonObject, jsonArray), prose, prose, fc.boolean(), fc.boolean(), fc.boolean(), (value, before, after, think, fence, pretty) => {
        const json = JSON.stringify(value, null, pretty ? 2 : undefined);
        let text = fence ? `${before}\n\`\`\`json\n${json}\n\`\`\`\n${after}` : `${before} ${json} ${after}`;
        if (think) text = `<think>\nThe user wants {"not": "this"} and [1, 2; maybe.\n</think>\n${text}`;
        const result = extractJson(text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toEqual(normalized(value));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a fenced value whose strings contain a code fence', () => {
    // Found by the property above: the fence pattern stops at the ``` inside the key.
    const value = { '': [], '```': [] };
    expect(extractJson(`Here:\n\`\`\`json\n${JSON.stringify(value)}\n\`\`\`\n`)).toEqual({ ok: true, value });
    expect(extractJson('```\n{"note": "use ``` for code"}\n```')).toEqual({ ok: true, value: { note: 'use ``` for code' } });
  });

  it('skips prose in braces and takes the first value that parses', () => {
    expect(extractJson('Sure {see below}: {"a": [1, {"b": "}"}]} and {"c": 2}')).toEqual({ ok: true, value: { a: [1, { b: '}' }] } });
    expect(firstJsonValue('[1, 2] {"x": 1}')).toEqual({ ok: true, value: [1, 2] });
  });

  it('reports truncated JSON and answers without JSON as failures', () => {
    const truncated = extractJson('{"forces": [{"force": "rivalry", "score": 4');
    expect(truncated.ok).toBe(false);
    if (!truncated.ok) expect(truncated.reason).toMatch(/cut short/);
    expect(extractJson('I cannot answer that.').ok).toBe(false);
    expect(extractJson('').ok).toBe(false);
  });

  it('strips closed and unclosed reasoning blocks', () => {
    expect(stripReasoning('<think>a {b}</think>{"ok":true}')).not.toContain('{b}');
    expect(stripReasoning('<THINKING attr="1">x</THINKING> y')).toBe('  y');
    expect(extractJson('<think>still thinking... {"ok": true}')).toEqual({ ok: true, value: { ok: true } });
  });
});
