import { describe, expect, it } from 'vitest';
import { exampleRequest, runAnalysis, testApplication } from '../support/analysis-harness.js';

/**
 * Offline is a property of the run, not only of the process: a run submitted offline (as
 * `analyze --offline` does) makes no request even when a process configured for the network
 * executes or resumes it.
 */
describe('an offline request on a networked process', () => {
  it('asks no network source and reports each as an offline gap', async () => {
    const requested: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      requested.push(String(url));
      return new Response('unexpected', { status: 500 });
    };
    const harness = await testApplication({ CONSULTANTOS_OFFLINE: '0', CONSULTANTOS_SEC_USER_AGENT: 'Test Suite test@example.com' }, { sources: { fetch } });
    try {
      expect(harness.app.config.sources.offline).toBe(false);
      const { status, report } = await runAnalysis(harness.app, { ...exampleRequest({ depth: 'deep' }), offline: true });
      expect(status).toBe('succeeded');
      expect(requested).toEqual([]);
      expect(report!.request.offline).toBe(true);
      const offline = report!.confidence.dataGaps.filter((gap) => gap.reason.startsWith('offline')).map((gap) => gap.source);
      expect(offline).toEqual(expect.arrayContaining(['market-data', 'news', 'web-search', 'wikipedia', 'trends']));
      // The same request without the flag does reach for the network (the fake answers 500).
      await runAnalysis(harness.app, { ...exampleRequest({ depth: 'quick' }), company: 'Networked Co', factsFile: undefined });
      expect(requested.length).toBeGreaterThan(0);
    } finally {
      await harness.dispose();
    }
  }, 60_000);
});
