import ExcelJS from 'exceljs';
import { ERRC_ACTIONS, FRAMEWORK_TITLES, PESTEL_FACTORS, PORTER_FORCE_TITLES, SWOT_QUADRANTS } from '../../model/frameworks.js';
import type { Report } from '../../model/report.js';
import { capitalize, formatDate, formatTimestamp } from '../../render/format.js';
import { buildCitationIndex } from '../citation-index.js';
import type { CitationIndex } from '../citation-index.js';
import { appendBlock, tableSheet } from './xlsx-sheets.js';

/**
 * Renders a stored report as a workbook an analyst can filter and recompute from: a summary,
 * one sheet per framework, the reported facts and computed metrics with their provenance, and
 * the evidence. Citation numbers match the PDF and DOCX appendix. Numbers are numbers; all
 * text is neutralised against formula injection, and no cell is ever a formula.
 */
export async function renderXlsx(report: Report): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ConsultantOS';
  const created = new Date(report.createdAt);
  if (!Number.isNaN(created.getTime())) {
    workbook.created = created;
    workbook.modified = created;
  }
  const citations = buildCitationIndex(report);
  summarySheet(workbook, report, citations);
  frameworkSheets(workbook, report, citations);
  financialSheets(workbook, report, citations);
  qualitySheet(workbook, report);
  evidenceSheet(workbook, citations);
  // A zip's directory comes last, so the workbook is built whole and returned as one Buffer.
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function summarySheet(workbook: ExcelJS.Workbook, report: Report, citations: CitationIndex): void {
  const { company, request, synthesis } = report;
  const sheet = tableSheet(workbook, 'Summary', [{ header: 'Field', width: 26 }, { header: 'Value', width: 90, wrap: true }, { header: '', width: 14 }, { header: '', width: 18 }, { header: '', width: 60, wrap: true }, { header: '', width: 14 }], [
    ['Company', company.name],
    ['Ticker', company.ticker],
    ['CIK', company.cik],
    ['Industry', company.industry ?? request.industry],
    ['Report date', formatDate(report.createdAt)],
    ['Status', capitalize(report.status)],
    ['Version', report.version],
    ['Depth', capitalize(request.depth)],
    ['Frameworks', request.frameworks.map((name) => FRAMEWORK_TITLES[name]).join(', ')],
    ['Context', request.context],
    ['Confidence score', report.confidence.score],
    ['Confidence level', capitalize(report.confidence.level)],
    ['Quality (overall)', report.quality.overall],
    ['Report id', report.id],
    ['Run id', report.runId],
    ['Executive summary', `${synthesis.executiveSummary} ${citations.markers(synthesis.summaryEvidenceIds)}`.trim()],
  ]);
  sheet.getColumn(2).alignment = { vertical: 'top', wrapText: true };
  appendBlock(sheet, 'Key findings', synthesis.keyFindings.map((item, index) => [index + 1, item.text, citations.markers(item.evidenceIds)]), ['#', 'Finding', 'Sources']);
  appendBlock(
    sheet,
    'Recommendations',
    synthesis.recommendations.map((item, index) => [index + 1, item.text, capitalize(item.priority), item.horizon, item.rationale, citations.markers(item.evidenceIds)]),
    ['#', 'Recommendation', 'Priority', 'Horizon', 'Rationale', 'Sources'],
  );
  appendBlock(sheet, 'Risks', synthesis.risks.map((item, index) => [index + 1, item.text, citations.markers(item.evidenceIds)]), ['#', 'Risk', 'Sources']);
  appendBlock(sheet, 'Next steps', synthesis.nextSteps.map((step, index) => [index + 1, step]), ['#', 'Next step']);
  if (synthesis.contextResponse !== undefined) {
    appendBlock(sheet, 'Response to your context', [[1, synthesis.contextResponse.text, citations.markers(synthesis.contextResponse.evidenceIds)]], ['#', 'Response', 'Sources']);
  }
}

function frameworkSheets(workbook: ExcelJS.Workbook, report: Report, citations: CitationIndex): void {
  const { porter, swot, pestel, blue_ocean: blueOcean } = report.frameworks;
  const prose = { wrap: true } as const;
  if (porter !== undefined) {
    const sheet = tableSheet(
      workbook,
      'Porter',
      [{ header: 'Force', width: 26 }, { header: 'Rating (1-5)', width: 12 }, { header: 'Level', width: 10 }, { header: 'Rationale', width: 60, ...prose }, { header: 'Drivers', width: 70, ...prose }, { header: 'Sources', width: 14 }],
      porter.forces.map((force) => [
        PORTER_FORCE_TITLES[force.force],
        force.rating,
        capitalize(force.level),
        force.rationale,
        force.drivers.map((driver) => `• ${driver.text} ${citations.markers(driver.evidenceIds)}`.trim()).join('\n'),
        citations.markers(force.evidenceIds),
      ]),
    );
    appendBlock(sheet, 'Summary', [['Industry attractiveness (1-5)', porter.industryAttractiveness], ['Summary', porter.summary]]);
  }
  if (swot !== undefined) {
    const rows = SWOT_QUADRANTS.flatMap((quadrant) => swot[quadrant].map((item) => [capitalize(quadrant), item.text, citations.markers(item.evidenceIds)]));
    appendBlock(tableSheet(workbook, 'SWOT', [{ header: 'Quadrant', width: 16 }, { header: 'Item', width: 90, ...prose }, { header: 'Sources', width: 14 }], rows), 'Summary', [[swot.summary]]);
  }
  if (pestel !== undefined) {
    const rows = PESTEL_FACTORS.flatMap((factor) => pestel[factor].map((item) => [capitalize(factor), capitalize(item.impact), item.text, citations.markers(item.evidenceIds)]));
    appendBlock(tableSheet(workbook, 'PESTEL', [{ header: 'Factor', width: 16 }, { header: 'Impact', width: 12 }, { header: 'Finding', width: 90, ...prose }, { header: 'Sources', width: 14 }], rows), 'Summary', [[pestel.summary]]);
  }
  if (blueOcean !== undefined) {
    const rows = ERRC_ACTIONS.flatMap((action) => blueOcean[action].map((item) => [capitalize(action), item.text, citations.markers(item.evidenceIds)]));
    const sheet = tableSheet(workbook, 'Blue Ocean', [{ header: 'Action', width: 16 }, { header: 'Item', width: 80, ...prose }, { header: 'Sources', width: 14 }, { header: '', width: 14 }, { header: '', width: 14 }], rows);
    appendBlock(
      sheet,
      'Strategy canvas (offering level 0-10)',
      blueOcean.strategyCanvas.map((factor) => [factor.factor, factor.company, factor.competitors, factor.company - factor.competitors, citations.markers(factor.evidenceIds)]),
      ['Factor', 'Company', 'Competitors', 'Difference', 'Sources'],
    );
    appendBlock(sheet, 'Summary', [[blueOcean.summary]]);
  }
}

function financialSheets(workbook: ExcelJS.Workbook, report: Report, citations: CitationIndex): void {
  const financials = report.financials;
  if (financials === undefined) return;
  tableSheet(
    workbook,
    'Financial facts',
    [
      { header: 'Concept', width: 34 }, { header: 'Label', width: 30, wrap: true }, { header: 'Value', width: 18, numberFormat: '#,##0.####' }, { header: 'Unit', width: 8 },
      { header: 'Period start', width: 12 }, { header: 'Period end', width: 12 }, { header: 'Fiscal year', width: 10 }, { header: 'Fiscal period', width: 10 },
      { header: 'Form', width: 8 }, { header: 'Accession', width: 24 }, { header: 'Filed', width: 12 }, { header: 'Source', width: 10 }, { header: 'Evidence id', width: 22 },
    ],
    financials.facts.map((fact) => [
      fact.concept, fact.label, fact.value, fact.unit, fact.periodStart, fact.periodEnd, fact.fiscalYear, fact.fiscalPeriod, fact.form, fact.accession, fact.filed,
      fact.evidenceId === undefined ? undefined : citations.markers([fact.evidenceId]), fact.evidenceId,
    ]),
  );
  tableSheet(
    workbook,
    'Financial metrics',
    [
      { header: 'Key', width: 22 }, { header: 'Metric', width: 26 }, { header: 'Value', width: 16, numberFormat: '#,##0.####' }, { header: 'Unit', width: 10 },
      { header: 'Fiscal year', width: 10 }, { header: 'Fiscal period', width: 10 }, { header: 'Formula', width: 40, wrap: true },
      { header: 'Computed from (concept, period, accession, value)', width: 70, wrap: true }, { header: 'Sources', width: 12 },
    ],
    financials.metrics.map((metric) => [
      metric.key, metric.label, metric.value, metric.unit, metric.fiscalYear, metric.fiscalPeriod, metric.formula,
      metric.facts.map((fact) => `${fact.concept}, ${fact.fiscalPeriod} ${fact.fiscalYear}, ${fact.accession}: ${fact.value}`).join('\n'),
      citations.markers(metric.evidenceIds),
    ]),
  );
}

function qualitySheet(workbook: ExcelJS.Workbook, report: Report): void {
  const { quality, confidence, citations } = report;
  const sheet = tableSheet(workbook, 'Quality', [{ header: 'Measure', width: 30 }, { header: 'Value', width: 16 }, { header: '', width: 24 }, { header: '', width: 80, wrap: true }], [
    ['Overall quality', quality.overall],
    ...Object.entries(quality.scores).map(([dimension, score]) => [capitalize(dimension), score]),
    ['Confidence score', confidence.score],
    ['Confidence level', capitalize(confidence.level)],
    ['Confidence rationale', confidence.rationale],
    ['Distinct sources cited', citations.citedIds],
    ['Verified citations', citations.verified],
    ['Invalid citations removed', citations.removedInvalid],
    ['Items dropped', citations.droppedItems],
    ['Items flagged', citations.flaggedItems],
  ]);
  appendBlock(sheet, 'Issues', quality.issues.map((issue) => [capitalize(issue.severity), capitalize(issue.dimension), issue.section, issue.message]), ['Severity', 'Dimension', 'Section', 'Issue']);
  appendBlock(sheet, 'Data gaps', confidence.dataGaps.map((gap) => [gap.source, capitalize(gap.impact), gap.reason]), ['Source', 'Impact', 'Reason']);
  appendBlock(sheet, 'Warnings', report.warnings.map((warning) => [warning]));
}

function evidenceSheet(workbook: ExcelJS.Workbook, citations: CitationIndex): void {
  tableSheet(
    workbook,
    'Evidence',
    [
      { header: 'Number', width: 8 }, { header: 'Cited', width: 7 }, { header: 'Title', width: 50, wrap: true }, { header: 'Kind', width: 14 }, { header: 'Publisher', width: 24 },
      { header: 'Published', width: 12 }, { header: 'URL', width: 40 }, { header: 'Locator', width: 30 }, { header: 'Excerpt', width: 80, wrap: true },
      { header: 'Evidence id', width: 22 }, { header: 'Retrieved', width: 22 },
    ],
    citations.entries.map(({ number, cited, evidence }) => [
      number, cited, evidence.title, evidence.kind, evidence.publisher, evidence.publishedAt === undefined ? undefined : formatDate(evidence.publishedAt),
      evidence.url, evidence.locator, evidence.excerpt, evidence.id, formatTimestamp(evidence.retrievedAt),
    ]),
  );
}
