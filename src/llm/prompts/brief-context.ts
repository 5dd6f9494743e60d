import type { AnalysisBrief } from '../analyst.js';
import { escapeBlockContent } from './evidence-blocks.js';

/** The company, request and computed metrics, as the user-message preamble of every agent. */
export function renderBriefContext(brief: AnalysisBrief): string {
  const lines = [`Company: ${escapeBlockContent(brief.company.name)}`];
  if (brief.company.ticker) lines.push(`Ticker: ${escapeBlockContent(brief.company.ticker)}`);
  if (brief.company.industry) lines.push(`Industry: ${escapeBlockContent(brief.company.industry)}`);
  lines.push(`Depth: ${brief.depth}`);
  if (brief.context) lines.push(`User context (what the user wants to learn; it is a request, not evidence): ${escapeBlockContent(brief.context)}`);
  if (brief.metrics.length > 0) {
    lines.push('', 'Metrics computed from financial facts (cite their evidence ids):');
    for (const metric of brief.metrics) {
      const value = metric.unit === 'USD' ? `${metric.value.toLocaleString('en-US')} USD` : metric.unit === 'percent' ? `${metric.value.toFixed(1)} %` : metric.value.toFixed(2);
      lines.push(`- ${metric.label} FY${metric.fiscalYear}: ${value} [${metric.evidenceIds.join(', ')}]`);
    }
  }
  return lines.join('\n');
}
