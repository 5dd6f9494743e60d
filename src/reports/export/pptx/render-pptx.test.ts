import { describe, expect, it } from 'vitest';
import { pptxSlideTexts, xmlText, zipEntries } from '../../../../test/support/export-readers.js';
import { buildHostileReport, buildSampleReport } from '../../../../test/support/sample-report.js';
import { renderPptx } from './render-pptx.js';

// Rendering is CPU-bound; shared CI machines can be slow, so allow more than the default.
describe('renderPptx', { timeout: 120_000 }, () => {
  it('is a short deck: title, executive brief, a slide per framework with its chart, recommendations', async () => {
    const report = buildSampleReport();
    const entries = await zipEntries(await renderPptx(report));
    const texts = pptxSlideTexts(entries);
    expect(texts).toHaveLength(7);
    expect(texts[0]).toContain('Lumen Ridge Coffee Co. (LRCC)');
    expect(texts[1]).toContain('Executive brief');
    expect(texts[2]).toContain("Porter's Five Forces");
    expect(texts[3]).toContain('STRENGTHS');
    expect(texts[4]).toContain('PESTEL');
    expect(texts[5]).toContain('Blue Ocean Strategy');
    expect(texts[6]).toContain('Recommendations');
    for (const recommendation of report.synthesis.recommendations) expect(texts[6]).toContain(recommendation.text);
    // Native charts: Porter ratings, PESTEL impacts, strategy canvas.
    const charts = [...entries.keys()].filter((name) => /^ppt\/charts\/chart\d+\.xml$/.test(name));
    expect(charts).toHaveLength(3);
    const chartXml = charts.map((name) => entries.get(name)!).join('');
    expect(chartXml).toContain('<c:barChart>');
    expect(chartXml).toContain('<c:lineChart>');
    expect(xmlText(chartXml)).toContain('Mobile pickup speed');
  });

  it('keeps hostile content as escaped text', async () => {
    const entries = await zipEntries(await renderPptx(buildHostileReport()));
    const xml = [...entries.values()].join('\n');
    expect(xml).not.toContain('<script>');
    const texts = pptxSlideTexts(entries).join('\n');
    expect(texts).toContain('<script>alert("owned")</script>');
    expect(texts).toContain('战略分析报告');
  });

  it('omits slides for frameworks the report does not have', async () => {
    const report = buildSampleReport({ frameworks: { swot: buildSampleReport().frameworks.swot! } });
    const texts = pptxSlideTexts(await zipEntries(await renderPptx(report)));
    expect(texts).toHaveLength(4);
  });
});
