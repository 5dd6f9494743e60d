import { extractText, getDocumentProxy, getMeta } from 'unpdf';

export interface PdfText {
  /** The document information dictionary's Title, when set. */
  title?: string;
  /** Pages separated by a blank line. Empty for scanned PDFs without a text layer. */
  text: string;
  pageCount: number;
}

/** pdf.js log level: errors only, so parsing a damaged file does not print warnings to stdout. */
const PDFJS_ERRORS_ONLY = 0;

/** Extracts the text layer of a PDF. Rejects when the bytes are not a PDF pdf.js can open. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  // pdf.js transfers (detaches) the buffer it is given; hand it a copy so the caller's stays usable.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: PDFJS_ERRORS_ONLY });
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const title = await metadataTitle(pdf);
    const pages = text.map((page) => page.trim()).filter((page) => page.length > 0);
    const result: PdfText = { text: pages.join('\n\n'), pageCount: totalPages };
    if (title !== undefined) result.title = title;
    return result;
  } finally {
    await pdf.destroy();
  }
}

async function metadataTitle(pdf: Parameters<typeof getMeta>[0]): Promise<string | undefined> {
  try {
    const { info } = await getMeta(pdf);
    const title: unknown = info['Title'];
    if (typeof title !== 'string') return undefined;
    const trimmed = title.replace(/\s+/g, ' ').trim();
    return trimmed.length > 0 ? trimmed : undefined;
  } catch {
    // A broken metadata stream does not make the text unusable; the file name stands in.
    return undefined;
  }
}
