/**
 * The identity of a list item across two reports: the same statement re-worded only in case,
 * spacing, punctuation or Unicode form matches; anything else is an addition and a removal.
 */
export function normalizeText(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
