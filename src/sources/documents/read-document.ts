import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { docxToText } from './docx-text.js';
import { htmlToText } from './html-text.js';
import { markdownToText } from './markdown-text.js';
import { pdfToText } from './pdf-text.js';

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx';

/** A local document reduced to text, ready to be cut into passages. */
export interface LoadedDocument {
  /**
   * The path shown to people and used in locators: as given when the argument was relative,
   * rooted at the argument's base name when it was absolute. Never a machine-specific prefix
   * the user did not type.
   */
  path: string;
  /** First heading, `<title>`, PDF Title, else the file name (or URL). */
  title: string;
  format: DocumentFormat;
  /** Extracted text, paragraphs separated by a blank line. Empty for a PDF without a text layer. */
  text: string;
  /** Size of the file on disk. */
  bytes: number;
  /** sha256 of the file's bytes: the same file always hashes the same wherever it lives. */
  contentHash: string;
  /** Pages, for PDFs. */
  pageCount?: number;
}

const FORMATS_BY_EXTENSION: Readonly<Record<string, DocumentFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(FORMATS_BY_EXTENSION);

export function documentFormat(path: string): DocumentFormat | undefined {
  return FORMATS_BY_EXTENSION[extname(path).toLowerCase()];
}

/** Converts file bytes to a document. Rejects when the content cannot be parsed (a broken PDF). */
export async function parseDocument(bytes: Uint8Array, format: DocumentFormat, displayPath: string): Promise<LoadedDocument> {
  const extracted = await extract(bytes, format);
  const document: LoadedDocument = {
    path: displayPath,
    title: extracted.title ?? basename(displayPath),
    format,
    text: extracted.text,
    bytes: bytes.byteLength,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
  };
  if (extracted.pageCount !== undefined) document.pageCount = extracted.pageCount;
  return document;
}

async function extract(bytes: Uint8Array, format: DocumentFormat): Promise<{ title?: string; text: string; pageCount?: number }> {
  switch (format) {
    case 'pdf':
      return pdfToText(bytes);
    case 'docx':
      return docxToText(bytes);
    case 'html':
      return htmlToText(decodeText(bytes));
    case 'markdown':
      return markdownToText(decodeText(bytes));
    case 'text':
      return { text: decodeText(bytes).replace(/\r\n?/g, '\n').trim() };
  }
}

/** UTF-8 unless a UTF-16 byte order mark says otherwise; the decoder drops the mark itself. */
export function decodeText(bytes: Uint8Array): string {
  const first = bytes[0];
  const second = bytes[1];
  if (first === 0xff && second === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (first === 0xfe && second === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}
