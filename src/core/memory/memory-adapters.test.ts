import { defineCacheContract } from '../../../test/contracts/cache.contract.js';
import { defineEventBusContract } from '../../../test/contracts/event-bus.contract.js';
import { defineEvidenceStoreContract } from '../../../test/contracts/evidence-store.contract.js';
import { defineJobQueueContract } from '../../../test/contracts/job-queue.contract.js';
import { defineReportStoreContract } from '../../../test/contracts/report-store.contract.js';
import { defineRateLimitStoreContract } from '../../../test/contracts/rate-limit-store.contract.js';
import { defineRunStoreContract } from '../../../test/contracts/run-store.contract.js';
import { InlineJobQueue } from './inline-job-queue.js';
import { MemoryCache } from './memory-cache.js';
import { MemoryEventBus } from './memory-event-bus.js';
import { MemoryEvidenceStore } from './memory-evidence-store.js';
import { MemoryReportStore } from './memory-report-store.js';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import { MemoryRunStore } from './memory-run-store.js';

const harness = <T>(store: T, close: () => Promise<void> = async () => undefined) => async () => ({ store, close });

defineRunStoreContract('memory', async () => harness(new MemoryRunStore())());
defineEvidenceStoreContract('memory', async () => harness(new MemoryEvidenceStore())());
defineCacheContract('memory', async () => harness(new MemoryCache())());
defineEventBusContract('memory', async () => {
  const bus = new MemoryEventBus();
  return harness(bus, () => bus.close())();
});
defineJobQueueContract('inline', async () => {
  const queue = new InlineJobQueue();
  return harness(queue, () => queue.close(100))();
});
defineRateLimitStoreContract('memory', async () => harness(new MemoryRateLimitStore())());
defineReportStoreContract('memory', async () => harness(new MemoryReportStore())());
