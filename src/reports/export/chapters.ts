/**
 * Sections that open a new page in paginated formats (PDF, DOCX), as chapters of a printed
 * deliverable do; the short sections between them flow on.
 */
export const CHAPTER_SECTION_IDS: ReadonlySet<string> = new Set([
  'executive-summary',
  'framework-analysis',
  'framework-swot',
  'framework-pestel',
  'framework-blue-ocean',
  'financials',
  'quality-review',
  'evidence-appendix',
]);
