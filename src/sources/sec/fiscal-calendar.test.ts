import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_YEAR, fiscalCalendar, fiscalPeriodOf, fiscalYearOf, fromDayNumber, toDayNumber } from './fiscal-calendar.js';

describe('fiscal calendar', () => {
  const january = fiscalCalendar([
    { end: '2024-01-31', fiscalYear: 2024 },
    { end: '2025-01-31', fiscalYear: 2025 },
  ]);

  it('names a year ending in January after the calendar year it ends in, when the filings do', () => {
    expect(fiscalYearOf(january, '2024-01-31')).toBe(2024);
    expect(fiscalYearOf(january, '2023-04-30')).toBe(2024);
    expect(fiscalYearOf(january, '2024-04-30')).toBe(2025);
    expect(fiscalPeriodOf(january, '2023-02-01', '2023-04-30')).toBe('Q1');
    expect(fiscalPeriodOf(january, '2023-08-01', '2023-10-31')).toBe('Q3');
    expect(fiscalPeriodOf(january, '2023-11-01', '2024-01-31')).toBe('Q4');
    expect(fiscalPeriodOf(january, '2023-02-01', '2023-07-31')).toBe('H1');
    expect(fiscalPeriodOf(january, '2023-02-01', '2023-10-31')).toBe('9M');
    expect(fiscalPeriodOf(january, '2023-02-01', '2024-01-31')).toBe('FY');
  });

  it('follows a retailer that names the year after the calendar year it starts in', () => {
    // Fiscal 2024 ended on 1 February 2025 (a 52/53-week year ending near the end of January).
    const retailer = fiscalCalendar([{ end: '2025-02-01', fiscalYear: 2024 }]);
    expect(fiscalYearOf(retailer, '2025-02-01')).toBe(2024);
    expect(fiscalYearOf(retailer, '2024-02-03')).toBe(2023);
    expect(fiscalYearOf(retailer, '2024-05-04')).toBe(2024);
    expect(fiscalPeriodOf(retailer, '2024-02-04', '2024-05-04')).toBe('Q1');
  });

  it('absorbs 52/53-week years that end a few days either side of the nominal date', () => {
    const nearSeptember = fiscalCalendar([{ end: '2024-09-28', fiscalYear: 2024 }]);
    expect(fiscalYearOf(nearSeptember, '2023-09-30')).toBe(2023);
    expect(fiscalYearOf(nearSeptember, '2025-09-27')).toBe(2025);
    expect(fiscalYearOf(nearSeptember, '2023-12-30')).toBe(2024);
    expect(fiscalPeriodOf(nearSeptember, '2023-10-01', '2023-12-30')).toBe('Q1');
    const nearNewYear = fiscalCalendar([{ end: '2022-01-01', fiscalYear: 2021 }]);
    expect(fiscalYearOf(nearNewYear, '2020-12-26')).toBe(2020);
    expect(fiscalYearOf(nearNewYear, '2021-10-02')).toBe(2021);
    expect(fiscalYearOf(nearNewYear, '2023-12-30')).toBe(2023);
  });

  it('assumes calendar years when no annual report was seen', () => {
    expect(fiscalYearOf(CALENDAR_YEAR, '2024-12-31')).toBe(2024);
    expect(fiscalYearOf(CALENDAR_YEAR, '2024-03-31')).toBe(2024);
    expect(fiscalPeriodOf(CALENDAR_YEAR, undefined, '2024-06-30')).toBe('Q2');
    expect(fiscalPeriodOf(CALENDAR_YEAR, undefined, '2024-12-31')).toBe('FY');
    expect(fiscalPeriodOf(CALENDAR_YEAR, undefined, '2024-02-14')).toBe('AS-OF');
  });

  it('uses the observation nearest in time after a change of year end', () => {
    const changed = fiscalCalendar([
      { end: '2019-06-30', fiscalYear: 2019 },
      { end: '2022-12-31', fiscalYear: 2022 },
    ]);
    expect(fiscalYearOf(changed, '2018-09-30')).toBe(2019);
    expect(fiscalYearOf(changed, '2023-09-30')).toBe(2023);
  });

  it('ignores observations whose label is years away from their date', () => {
    expect(fiscalCalendar([{ end: '2024-12-31', fiscalYear: 2031 }]).observations).toEqual([]);
  });

  it('round-trips day numbers (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 40_000 }), (day) => {
        expect(toDayNumber(fromDayNumber(day))).toBe(day);
      }),
    );
  });

  // The first two weeks after a year end count as that year's end (52/53-week drift); no
  // reported period ends there, so the property covers the rest of the year.
  it('places every period end of a fiscal year in that year (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 350 }), (year, month, dayInYear) => {
        const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const end = `${year}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
        const calendar = fiscalCalendar([{ end, fiscalYear: year }]);
        const date = fromDayNumber(toDayNumber(end) - dayInYear);
        expect(fiscalYearOf(calendar, date)).toBe(year);
      }),
    );
  });
});
