export { compare, compareReports } from './compare.js';
export type { ComparedReport, ItemChanges, MetricChange, NumberChange, RatingChange, ReportComparison, ValueChange } from './comparison-model.js';
export { invertComparison, isEmptyComparison } from './invert-comparison.js';
export { normalizeText } from './normalize-text.js';
export { COMPARISON_FORMATS, buildComparisonDocument, isComparisonFormat, renderComparison } from './render-comparison.js';
export type { ComparisonFormat } from './render-comparison.js';
