/** Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko…) and the bidi controls. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202a-\u202e\u2066-\u2069]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * Whether text could reorder its neighbours when laid out inside a left-to-right report: it
 * holds right-to-left letters or an explicit direction control (such as a stray U+202E).
 */
export function needsDirectionIsolation(value: string): boolean {
  return RIGHT_TO_LEFT.test(value);
}
