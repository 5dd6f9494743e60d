/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed and carriage
 * return, lone surrogates, U+FFFE/U+FFFF). One of them in a DOCX, XLSX or PPTX part makes Word,
 * Excel and PowerPoint refuse the whole file, so report text is cleaned before it is written.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlSafeText(value: string): string {
  return value.replace(XML_INVALID, '\ufffd');
}

/** Cuts at a code point boundary, marking the cut, for containers with a hard size limit. */
export function truncateText(value: string, maximum: number): string {
  const points = Array.from(value);
  if (points.length <= maximum) return value;
  return `${points.slice(0, Math.max(0, maximum - 1)).join('')}…`;
}
