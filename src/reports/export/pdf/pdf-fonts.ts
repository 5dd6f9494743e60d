import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * DejaVu Sans is embedded (subset) in every PDF: it covers Latin, Greek, Cyrillic, Arabic,
 * Hebrew and the symbols the report uses, and it ships on npm as TTF, so a laptop and CI render
 * the same file without system fonts. It has no CJK ideographs and no emoji; characters it
 * cannot draw are replaced by a visible marker rather than invisible boxes, and the document
 * says so.
 */
export const FONT_NAMES = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique' } as const;
export type FontStyle = keyof typeof FONT_NAMES;

export const MISSING_GLYPH_MARKER = '[?]';

export interface FontSet {
  files: Record<FontStyle, Buffer>;
  parsed: Record<FontStyle, fontkit.Font>;
  coverage: fontkit.Font;
}

const FONT_STYLES = ['regular', 'bold', 'italic'] as const satisfies readonly FontStyle[];
/** Past this many cached word layouts the shared cache starts afresh, bounding memory. */
const MAXIMUM_CACHED_LAYOUTS = 50_000;
const sharedLayoutCaches = new Map<FontStyle, { entries: Record<string, unknown> }>();

/** The private fields of pdfkit's EmbeddedFont this module swaps (pdfkit 0.17). */
interface EmbeddedFontInternals {
  font: unknown;
  subset: unknown;
  layoutCache?: Record<string, unknown>;
}

let cached: FontSet | undefined;

export function loadFonts(): FontSet {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const read = (name: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`));
    const files = { regular: read(FONT_NAMES.regular), bold: read(FONT_NAMES.bold), italic: read(FONT_NAMES.italic) };
    const parsed = { regular: fontkit.create(files.regular), bold: fontkit.create(files.bold), italic: fontkit.create(files.italic) };
    cached = { files, parsed, coverage: parsed.regular };
  }
  return cached;
}

/**
 * pdfkit parses each registered font anew for every document and lays every word out again,
 * and shaping with DejaVu's large OpenType tables is most of a render's time. The fonts are
 * immutable, so every document shares one parsed font per style and one cache of word layouts
 * (positions depend only on the font). If pdfkit's internals ever change shape this silently
 * does nothing and rendering is merely slower.
 */
export function shareParsedFonts(doc: PDFKit.PDFDocument, fonts: FontSet): void {
  for (const style of FONT_STYLES) {
    doc.font(FONT_NAMES[style]);
    const embedded = (doc as unknown as { _font?: Partial<EmbeddedFontInternals> })._font;
    if (embedded === undefined || !('font' in embedded) || !('subset' in embedded)) continue;
    let cache = sharedLayoutCaches.get(style);
    if (cache === undefined || Object.keys(cache.entries).length > MAXIMUM_CACHED_LAYOUTS) {
      cache = { entries: Object.create(null) as Record<string, unknown> };
      sharedLayoutCaches.set(style, cache);
    }
    embedded.font = fonts.parsed[style];
    embedded.subset = fonts.parsed[style].createSubset();
    if (embedded.layoutCache !== undefined) embedded.layoutCache = cache.entries;
  }
}

// Bidi controls, joiners and variation selectors: invisible in any case, and a stray U+202E
// must not reverse the text around it. Tabs and carriage returns become spaces.
const INVISIBLE = /[\p{Cf}\ufe00-\ufe0f]|\p{Cc}/gu;
const SPACING_CONTROLS = /[\t\r\v\f\u0085\u2028\u2029]/g;

/**
 * Makes arbitrary report text drawable with the embedded font: controls removed, runs of
 * characters without a glyph (ideographs, emoji) replaced by one marker.
 */
export class DrawableText {
  private readonly glyphCache = new Map<number, boolean>();
  /** Set once any character had to be replaced, so the document can explain the marker. */
  replacedCharacters = 0;

  constructor(private readonly font: fontkit.Font) {}

  private readonly cleaned = new Map<string, string>();

  clean(value: string): string {
    let result = this.cleaned.get(value);
    if (result === undefined) {
      result = this.replaceMissing(value);
      this.cleaned.set(value, result);
    }
    return result;
  }

  private replaceMissing(value: string): string {
    const characters = Array.from(value.replace(SPACING_CONTROLS, ' ').replace(INVISIBLE, (character) => (character === '\n' ? '\n' : '')));
    const missing = characters.map((character) => character !== '\n' && character !== ' ' && !this.hasGlyph(character.codePointAt(0)!));
    let output = '';
    let index = 0;
    while (index < characters.length) {
      if (!missing[index]) {
        output += characters[index]!;
        index += 1;
        continue;
      }
      // One marker per run; whitespace between two missing runs joins them (`战略 分析`).
      let end = index;
      while (end < characters.length) {
        if (missing[end]) {
          this.replacedCharacters += 1;
          end += 1;
          continue;
        }
        let after = end;
        while (after < characters.length && !missing[after] && /\s/.test(characters[after]!)) after += 1;
        if (after > end && after < characters.length && missing[after]) {
          end = after;
          continue;
        }
        break;
      }
      output += MISSING_GLYPH_MARKER;
      index = end;
    }
    return output;
  }

  private hasGlyph(codePoint: number): boolean {
    let known = this.glyphCache.get(codePoint);
    if (known === undefined) {
      known = this.font.hasGlyphForCodePoint(codePoint);
      this.glyphCache.set(codePoint, known);
    }
    return known;
  }
}
