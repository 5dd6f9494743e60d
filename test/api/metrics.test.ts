import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiServer } from '../support/api-harness.js';
import { parsePrometheusText, sampleSum } from '../support/prometheus-text.js';

type Harness = Awaited<ReturnType<typeof testApiServer>>;

describe('GET /metrics (embedded mode)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await testApiServer();
  });
  afterAll(async () => {
    await harness.dispose();
  });

  const scrape = async () => {
    const response = await harness.inject('/metrics');
    expect(response.statusCode).toBe(200);
    return parsePrometheusText(response.body);
  };

  it('counts runs and steps by agent, and cache reads per cache, tier and result', async () => {
    const created = await harness.inject({
      method: 'POST',
      url: '/v1/analyses',
      payload: { company: 'Metrics Corp', frameworks: ['swot'], depth: 'quick' },
      headers: { 'content-type': 'application/json', prefer: 'wait=30' },
    });
    expect(created.statusCode).toBe(200);
    const { run } = created.json() as { run: { id: string; status: string; reportId: string } };
    expect(run.status).toBe('succeeded');

    const afterRun = await scrape();
    expect(sampleSum(afterRun, 'consultantos_runs_total', { status: 'succeeded' })).toBe(1);
    expect(sampleSum(afterRun, 'consultantos_step_attempts_total', { outcome: 'succeeded' })).toBeGreaterThan(0);
    expect(afterRun.some((sample) => sample.name === 'consultantos_step_attempts_total' && sample.labels.agent === 'synthesis')).toBe(true);
    // Embedded mode: the shared cache is the database, reports have their own memory cache.
    expect(afterRun.filter((sample) => sample.name === 'consultantos_cache_requests_total').map((sample) => `${sample.labels.cache}/${sample.labels.tier}`)).toEqual(
      expect.arrayContaining(['shared/database', 'reports/memory']),
    );

    const reportHits = (samples: ReturnType<typeof parsePrometheusText>) => sampleSum(samples, 'consultantos_cache_requests_total', { cache: 'reports', tier: 'memory', result: 'hit' });
    const first = await harness.inject(`/v1/reports/${run.reportId}`);
    expect(first.statusCode).toBe(200);
    const afterFirst = await scrape();
    const second = await harness.inject(`/v1/reports/${run.reportId}`);
    expect(second.body).toBe(first.body);
    const afterSecond = await scrape();
    // The repeated read is answered by the memory tier, and only that read.
    expect(reportHits(afterSecond)).toBe(reportHits(afterFirst) + 1);
    expect(reportHits(afterSecond)).toBeGreaterThanOrEqual(1);
    // Every report read so far either hit or missed the memory tier; the first one had to miss.
    expect(sampleSum(afterSecond, 'consultantos_cache_requests_total', { cache: 'reports', tier: 'memory', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(afterSecond, 'consultantos_cache_errors_total')).toBe(0);
  });
});
