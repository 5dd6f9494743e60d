import { FRAMEWORK_TITLES } from '../model/frameworks.js';
import type { Report } from '../model/report.js';
import { citedInlines, frameworksSection } from './build-frameworks.js';
import { financialsSection } from './build-financials.js';
import {
  citationsSection,
  confidenceSection,
  generatorSection,
  qualitySection,
  timingsSection,
  usageSection,
  warningsSection,
} from './build-review.js';
import { CitationNumbering } from './citation-numbering.js';
import { badge, meter, paragraph, section, strong, text } from './document-model.js';
import type { Block, Inline, ReportDocument, Section } from './document-model.js';
import { capitalize, formatDate } from './format.js';
import { REPORT_SECTIONS } from './section-titles.js';

const HORIZON_LABELS = { now: 'Now (0–6 months)', next: 'Next (6–18 months)', later: 'Later (18+ months)' } as const;
const PRIORITY_TONES = { high: 'high', medium: 'medium', low: 'low' } as const;

function coverBlocks(report: Report): Block[] {
  const { company, request } = report;
  const industry = company.industry ?? request.industry;
  const items: Array<{ term: string; value: Inline[] }> = [];
  const add = (term: string, value: string | undefined) => {
    if (value !== undefined && value.length > 0) items.push({ term, value: [text(value)] });
  };
  add('Company', company.name);
  add('Ticker', company.ticker);
  add('CIK', company.cik);
  add('Industry', industry);
  add('Report date', formatDate(report.createdAt));
  add('Depth', capitalize(request.depth));
  add('Frameworks', request.frameworks.map((name) => FRAMEWORK_TITLES[name]).join(', '));
  items.push({ term: 'Status', value: [badge(capitalize(report.status), report.status === 'succeeded' ? 'positive' : 'warning')] });
  add('Version', String(report.version));
  items.push({ term: 'Confidence', value: [badge(capitalize(report.confidence.level), report.confidence.level), text(' '), meter(report.confidence.score, 100)] });
  items.push({ term: 'Quality', value: [meter(report.quality.overall, 100)] });
  if (request.documents.length > 0) add('Documents supplied', String(request.documents.length));
  add('Model requested', request.model);

  const blocks: Block[] = [{ kind: 'definitions', items }];
  if (company.description !== undefined) blocks.push(paragraph(text(company.description)));
  if (report.status === 'partial') {
    blocks.push({
      kind: 'notice',
      tone: 'warning',
      content: [strong('Partial report. '), text('Some sources or steps failed; see Warnings and Confidence and data gaps for what is missing.')],
    });
  }
  return blocks;
}

function synthesisSections(report: Report, citations: CitationNumbering): Section[] {
  const { synthesis } = report;
  const sections = REPORT_SECTIONS;
  const list = (items: Inline[][], ordered: boolean, emptyText: string): Block =>
    items.length === 0 ? paragraph(text(emptyText)) : { kind: 'list', ordered, items };

  const result: Section[] = [
    section(sections.executiveSummary.id, sections.executiveSummary.title, [
      paragraph(text(synthesis.executiveSummary), ...citations.inline(synthesis.summaryEvidenceIds)),
    ]),
    section(sections.keyFindings.id, sections.keyFindings.title, [
      list(synthesis.keyFindings.map((finding) => citedInlines(finding, citations)), false, 'No key findings.'),
    ]),
    section(sections.recommendations.id, sections.recommendations.title, [
      {
        kind: 'table',
        columns: [{ title: '#', align: 'right' }, { title: 'Recommendation' }, { title: 'Priority', align: 'center' }, { title: 'Horizon' }, { title: 'Rationale' }],
        rows: synthesis.recommendations.map((recommendation, index) => [
          [text(String(index + 1))],
          [strong(recommendation.text), ...citations.inline(recommendation.evidenceIds)],
          [badge(capitalize(recommendation.priority), PRIORITY_TONES[recommendation.priority])],
          [text(HORIZON_LABELS[recommendation.horizon])],
          [text(recommendation.rationale.length === 0 ? '—' : recommendation.rationale)],
        ]),
      },
    ]),
    section(sections.risks.id, sections.risks.title, [list(synthesis.risks.map((risk) => citedInlines(risk, citations)), false, 'No risks were identified.')]),
    section(sections.nextSteps.id, sections.nextSteps.title, [list(synthesis.nextSteps.map((step) => [text(step)]), true, 'None proposed.')]),
  ];

  const context = report.request.context;
  if (synthesis.contextResponse !== undefined || context !== undefined) {
    const blocks: Block[] = [];
    if (context !== undefined) blocks.push({ kind: 'quote', label: 'Context given', text: context });
    blocks.push(
      synthesis.contextResponse === undefined
        ? { kind: 'notice', tone: 'info', content: [text('The synthesis did not address this context directly.')] }
        : paragraph(...citedInlines(synthesis.contextResponse, citations)),
    );
    result.push(section(sections.contextResponse.id, sections.contextResponse.title, blocks));
  }
  return result;
}

/**
 * Walks the stored report once, in reading order, into the layout-neutral document every
 * serialiser shares. Citation numbers are assigned during the walk, so the body sections must
 * be built before the appendix and the citation summary that read the final numbering.
 */
export function buildReportDocument(report: Report): ReportDocument {
  const citations = new CitationNumbering(report.evidence);
  const body = [...synthesisSections(report, citations), frameworksSection(report, citations), financialsSection(report.financials, citations)];
  const review = [
    qualitySection(report.quality),
    confidenceSection(report.confidence),
    citationsSection(report.citations, citations),
    generatorSection(report.generator),
    usageSection(report.usage),
    timingsSection(report.timings),
    warningsSection(report.warnings),
  ];
  const appendix = section(REPORT_SECTIONS.evidence.id, REPORT_SECTIONS.evidence.title, [
    report.evidence.length === 0 ? paragraph(text('No evidence was retrieved.')) : { kind: 'evidence-list', entries: citations.appendix() },
  ]);
  const { company } = report;
  const industry = company.industry ?? report.request.industry;
  return {
    language: 'en',
    title: company.ticker === undefined ? company.name : `${company.name} (${company.ticker})`,
    subtitle: ['Strategy analysis', industry, formatDate(report.createdAt)].filter((part) => part !== undefined && part.length > 0).join(' · '),
    cover: coverBlocks(report),
    sections: [...body, ...review, appendix],
    footer: `ConsultantOS report ${report.id}, version ${report.version}, run ${report.runId}`,
  };
}
