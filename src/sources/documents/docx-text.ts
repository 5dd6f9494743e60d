import { parseHTML } from 'linkedom';
import { blockText } from './html-text.js';
import type { HtmlText } from './html-text.js';
import { normalizeWhitespace } from './passages.js';

type DomNode = Parameters<typeof blockText>[0];

/**
 * Extracts the text of a Word (.docx) document. mammoth maps the document's styles to HTML
 * (headings, paragraphs, lists, tables), so the text keeps its paragraph structure; the first
 * heading becomes the title. Every paragraph is kept: unlike a web page, a document the user
 * chose has no navigation to strip, so Readability is not used. Rejects when the bytes are not
 * a .docx archive.
 */
export async function docxToText(bytes: Uint8Array): Promise<HtmlText> {
  // Loaded on first use: most runs read no .docx, and every CLI start would pay for it.
  const { default: mammoth } = await import('mammoth');
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${result.value}</body></html>`) as unknown as {
    document: { body: DomNode; querySelector(selector: string): { textContent: string | null } | null };
  };
  const text = blockText(document.body);
  const heading = normalizeWhitespace(document.querySelector('h1, h2, h3')?.textContent ?? '');
  return heading.length > 0 ? { title: heading, text } : { text };
}
