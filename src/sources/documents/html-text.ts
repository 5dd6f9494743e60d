import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { normalizeWhitespace } from './passages.js';

/** The slice of the DOM this module touches (the project compiles without the DOM lib). */
interface DomNode {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

interface DomElement extends DomNode {
  readonly tagName: string;
  readonly textContent: string | null;
  remove(): void;
}

interface DomDocument {
  readonly title: string;
  readonly body: DomElement | null;
  readonly documentElement: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
}

export interface HtmlText {
  /** `<title>`, else the first `<h1>`; undefined when the page has neither. */
  title?: string;
  /** Main text, paragraphs separated by a blank line. */
  text: string;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Never text a reader should see: scripts and styles must not leak into evidence, and hidden
 * blocks (the inline-XBRL header of SEC filings, collapsed menus) are not what the page says.
 */
const HIDDEN_SELECTOR =
  'script, style, noscript, template, iframe, object, embed, svg, canvas, [hidden], [aria-hidden="true"], [style*="display:none"], [style*="display: none"]';

/**
 * Readability scores every element; past this size (a full annual report saved as HTML) it
 * takes seconds and such documents have no site chrome to strip, so the body text is used.
 */
const READABILITY_MAX_ELEMENTS = 8000;

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);
const CELL_TAGS = new Set(['td', 'th']);

/**
 * Extracts the readable text of an HTML page: Readability picks the main content (dropping
 * navigation and boilerplate); when it finds none, the whole body is used. Block elements
 * become paragraphs so passages follow the page's structure.
 */
export function htmlToText(html: string): HtmlText {
  const document = parseDocument(html);
  for (const element of Array.from(document.querySelectorAll(HIDDEN_SELECTOR))) element.remove();

  const title = pageTitle(document);
  const bodyText = document.body === null ? '' : blockText(document.body);
  const mainText = readableText(document);
  const text = mainText.length > 0 ? mainText : bodyText;
  return title === undefined ? { text } : { title, text };
}

function parseDocument(html: string): DomDocument {
  // linkedom builds no <html>/<body> around a fragment, and Readability needs both.
  const wrapped = /<html[\s>]/i.test(html)
    ? html
    : /<(head|body)[\s>]/i.test(html)
      ? `<!DOCTYPE html><html>${html}</html>`
      : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const window = parseHTML(wrapped) as unknown as { document: DomDocument };
  return window.document;
}

function pageTitle(document: DomDocument): string | undefined {
  const candidates = [document.title, document.querySelector('h1')?.textContent ?? ''];
  for (const candidate of candidates) {
    const title = normalizeWhitespace(candidate ?? '');
    if (title.length > 0) return title;
  }
  return undefined;
}

function readableText(document: DomDocument): string {
  try {
    // The serializer hands back the DOM node itself, so the article is not re-parsed from HTML.
    const reader = new Readability<DomNode>(document as never, {
      serializer: (node) => node as unknown as DomNode,
      maxElemsToParse: READABILITY_MAX_ELEMENTS,
    });
    const article = reader.parse();
    return article?.content ? blockText(article.content) : '';
  } catch {
    // Readability throws past maxElemsToParse and on some malformed trees; the body text stands in.
    return '';
  }
}

/** Text of a subtree with a blank line around every block element. */
export function blockText(root: DomNode): string {
  const parts: string[] = [];
  walk(root, parts);
  return parts
    .join('')
    .split(/\n{2,}/)
    .map(normalizeWhitespace)
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

function walk(node: DomNode, parts: string[]): void {
  if (node.nodeType === TEXT_NODE) {
    parts.push(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) return;
  const tag = 'tagName' in node ? String((node as DomElement).tagName).toLowerCase() : '';
  if (tag === 'br') {
    parts.push('\n');
    return;
  }
  const block = BLOCK_TAGS.has(tag);
  if (block) parts.push('\n\n');
  for (const child of Array.from(node.childNodes)) walk(child, parts);
  if (block) parts.push('\n\n');
  else if (CELL_TAGS.has(tag)) parts.push(' ');
}
