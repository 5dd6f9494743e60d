import type { ErrcAction, FrameworkName, PestelFactorName, PorterForceName, SwotQuadrant } from '../model/frameworks.js';
import type { QualityDimension, Report } from '../model/report.js';

/** Which stored report a side of the comparison is. */
export interface ComparedReport {
  id: string;
  version: number;
  companyName: string;
  createdAt: string;
  status: Report['status'];
}

/** A number on both sides that differs; `delta` is `to − from`. */
export interface NumberChange {
  from: number;
  to: number;
  delta: number;
}

/** A value that may exist on one side only (a force or metric only one report has). */
export interface ValueChange {
  from?: number;
  to?: number;
  /** Only when both sides have a value. */
  delta?: number;
}

/** Items matched by normalised text: `added` are in the right report only, `removed` in the left only. */
export interface ItemChanges {
  added: string[];
  removed: string[];
}

export interface RatingChange extends ValueChange {
  force: PorterForceName;
  title: string;
}

export interface CanvasChange {
  factor: string;
  company?: ValueChange;
  competitors?: ValueChange;
}

export interface MetricChange extends ValueChange {
  key: string;
  label: string;
  unit: string;
  fiscalYear: number;
  fiscalPeriod: string;
}

export interface RecommendationChange {
  text: string;
  from: { priority: string; horizon: string };
  to: { priority: string; horizon: string };
}

/** What changed from the left report to the right one; every list is empty when nothing did. */
export interface ReportComparison {
  left: ComparedReport;
  right: ComparedReport;
  sameCompany: boolean;
  frameworks: { added: FrameworkName[]; removed: FrameworkName[] };
  porter: { forces: RatingChange[]; industryAttractiveness?: ValueChange };
  swot: Record<SwotQuadrant, ItemChanges>;
  pestel: Record<PestelFactorName, ItemChanges>;
  blueOcean: { errc: Record<ErrcAction, ItemChanges>; canvas: CanvasChange[] };
  metrics: MetricChange[];
  confidence: { score?: NumberChange; level?: { from: string; to: string }; dataGaps: ItemChanges };
  quality: { overall?: NumberChange; scores: Partial<Record<QualityDimension, NumberChange>>; issues: ItemChanges };
  recommendations: ItemChanges & { changed: RecommendationChange[] };
  keyFindings: ItemChanges;
  risks: ItemChanges;
}
