import { describe, expect, it } from 'vitest';
import { formatCost, formatDate, formatDecimal, formatDuration, formatFactValue, formatMetricValue, formatMoney, formatTimestamp, humanize } from './format.js';

describe('format', () => {
  it('groups thousands and never prints -0', () => {
    expect(formatDecimal(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatDecimal(-0.001, 2)).toBe('0.00');
    expect(formatDecimal(-1500, 0)).toBe('-1,500');
  });

  it('shows money compactly and facts in full', () => {
    expect(formatMoney(1_284_000_000)).toBe('$1.28B');
    expect(formatMoney(-4_200_000)).toBe('-$4.2M');
    expect(formatMoney(950_000)).toBe('$950,000');
    expect(formatFactValue(1_284_000_000, 'USD')).toBe('$1,284,000,000');
    expect(formatFactValue(-12, 'USD')).toBe('-$12');
    expect(formatFactValue(2.5, 'USD/shares')).toBe('2.5 USD/shares');
  });

  it('formats each metric unit', () => {
    expect(formatMetricValue(9.74, 'percent')).toBe('9.74%');
    expect(formatMetricValue(1.3, 'ratio')).toBe('1.3');
    expect(formatMetricValue(14.25, 'multiple')).toBe('14.25×');
    expect(formatMetricValue(1_000_000, 'shares')).toBe('1,000,000 shares');
    expect(formatCost(0.4213)).toBe('$0.4213');
    expect(formatCost(12.5)).toBe('$12.50');
  });

  it('shows stored dates without converting time zones', () => {
    expect(formatDate('2025-03-03T23:59:59.000Z')).toBe('2025-03-03');
    expect(formatDate('+1')).toBe('+1');
    expect(formatTimestamp('2025-03-03T09:38:02.000Z')).toBe('2025-03-03 09:38:02 UTC');
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });

  it('formats durations at a readable precision', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_350)).toBe('4.4 s');
    expect(formatDuration(255_000)).toBe('4 min 15 s');
    expect(formatDuration(7_380_000)).toBe('2 h 3 min');
    expect(humanize('threat_of_new_entrants')).toBe('Threat of new entrants');
  });
});
