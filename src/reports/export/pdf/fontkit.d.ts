// fontkit ships no type declarations; this is the part the PDF exporter uses.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    createSubset(): unknown;
  }
  export function create(buffer: Buffer): Font;
}
