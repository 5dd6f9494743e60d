import { htmlToText } from '../documents/html-text.js';

export interface SgmlDocument {
  type: string;
  filename?: string;
  text: string;
}

/** The `<DOCUMENT>` parts of a full-submission .txt file (SGML header + documents). */
export function parseSgmlDocuments(submission: string): SgmlDocument[] {
  const documents: SgmlDocument[] = [];
  for (const match of submission.matchAll(/<DOCUMENT>([\s\S]*?)(?:<\/DOCUMENT>|$)/g)) {
    const body = match[1] ?? '';
    const type = /<TYPE>([^\n<]*)/.exec(body)?.[1]?.trim() ?? '';
    const filename = /<FILENAME>([^\n<]*)/.exec(body)?.[1]?.trim();
    const text = /<TEXT>([\s\S]*?)(?:<\/TEXT>|$)/.exec(body)?.[1] ?? '';
    documents.push(filename ? { type, filename, text } : { type, text });
  }
  return documents;
}

function looksLikeHtml(text: string): boolean {
  return /<(html|body|div|p|table)[\s>]/i.test(text.slice(0, 20_000));
}

/** Plain-text filings: page markers out, form feeds as breaks, lines kept. */
function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/<\/?PAGE>/gi, '\n')
    .replace(/\f/g, '\n\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/**
 * The readable text of a filing document: inline-XBRL or legacy HTML, or a full-submission
 * .txt (whose first document, the filing itself, is used). Paragraphs are separated by blank
 * lines, as section extraction expects.
 */
export function filingText(body: string): { text: string; form?: string } {
  if (/<DOCUMENT>/.test(body.slice(0, 200_000))) {
    const primary = parseSgmlDocuments(body)[0];
    if (primary === undefined) return { text: '' };
    // Inline-XBRL documents inside a submission are wrapped in <XBRL> with an XML declaration, which HTML parsers choke on.
    const content = primary.text.replace(/<\/?XBRL>/gi, '').replace(/^\s*<\?xml[^>]*\?>/i, '');
    const text = looksLikeHtml(content) ? htmlToText(content).text : plainText(content);
    return primary.type ? { text, form: primary.type } : { text };
  }
  return { text: looksLikeHtml(body) ? htmlToText(body).text : plainText(body) };
}
