/**
 * The report's top-level sections in reading order, with the anchors HTML gives them. Tests
 * and other exporters (PDF, DOCX) can use the same titles so every format reads alike.
 */
export const REPORT_SECTIONS = {
  executiveSummary: { id: 'executive-summary', title: 'Executive summary' },
  keyFindings: { id: 'key-findings', title: 'Key findings' },
  recommendations: { id: 'recommendations', title: 'Recommendations' },
  risks: { id: 'risks', title: 'Risks' },
  nextSteps: { id: 'next-steps', title: 'Next steps' },
  contextResponse: { id: 'context-response', title: 'Response to your context' },
  frameworks: { id: 'framework-analysis', title: 'Framework analysis' },
  financials: { id: 'financials', title: 'Financials' },
  quality: { id: 'quality-review', title: 'Quality review' },
  confidence: { id: 'confidence', title: 'Confidence and data gaps' },
  citations: { id: 'citations', title: 'Citations' },
  generator: { id: 'generation', title: 'How this report was generated' },
  usage: { id: 'usage', title: 'Usage and cost' },
  timings: { id: 'timings', title: 'Timings' },
  warnings: { id: 'warnings', title: 'Warnings' },
  evidence: { id: 'evidence-appendix', title: 'Evidence appendix' },
} as const;

export type ReportSectionKey = keyof typeof REPORT_SECTIONS;

/** The anchor of appendix entry `n`, which every `[n]` in HTML links to. */
export function evidenceAnchor(number: number): string {
  return `evidence-${number}`;
}
