import { normalizeWhitespace } from './passages.js';

export interface MarkdownText {
  /** Front-matter `title:`, else the first heading. */
  title?: string;
  /** Prose with the markup removed, paragraphs separated by a blank line. */
  text: string;
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(?:```|~~~)/;

/**
 * Turns Markdown into citable prose. The goal is readable passages, not a faithful render:
 * markup that would only add noise (heading marks, link targets, emphasis) is dropped, and
 * embedded scripts and styles are removed like in HTML.
 */
export function markdownToText(source: string): MarkdownText {
  let body = source.replace(/\r\n?/g, '\n');
  let title: string | undefined;
  const frontMatter = FRONT_MATTER.exec(body);
  if (frontMatter) {
    title = frontMatterTitle(frontMatter[1] ?? '');
    body = body.slice(frontMatter[0].length);
  }
  body = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');

  const lines = body.split('\n');
  const output: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const next = lines[index + 1];
    if (FENCE.test(line)) {
      output.push('');
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    const setext = atx === null && next !== undefined && line.trim().length > 0 && SETEXT_UNDERLINE.test(next) && !/^\s*[-*+] /.test(line);
    if (atx !== null || setext) {
      const heading = inlineText(atx !== null ? (atx[1] ?? '') : line);
      if (title === undefined && heading.length > 0) title = heading;
      // Headings stand alone so they never glue onto the following sentence.
      output.push('', heading, '');
      if (setext) index += 1;
      continue;
    }
    if (/^ {0,3}\[[^\]]+\]:\s*\S+/.test(line)) continue;
    if (/^ {0,3}(?:[-*_][ \t]*){3,}$/.test(line)) {
      output.push('');
      continue;
    }
    output.push(inlineText(line.replace(/^ {0,3}>[ \t]?/, '')));
  }
  const text = output
    .join('\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
  return title === undefined ? { text } : { title, text };
}

function frontMatterTitle(yaml: string): string | undefined {
  const match = /^title:[ \t]*(.+)$/m.exec(yaml);
  if (!match) return undefined;
  const title = normalizeWhitespace((match[1] ?? '').replace(/^(['"])(.*)\1$/, '$2'));
  return title.length > 0 ? title : undefined;
}

function inlineText(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/`+([^`]+)`+/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .trimEnd();
}
