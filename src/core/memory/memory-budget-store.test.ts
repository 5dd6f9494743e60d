import { defineBudgetStoreContract } from '../../../test/contracts/budget-store.contract.js';
import { MemoryBudgetStore } from './memory-budget-store.js';

defineBudgetStoreContract('memory', async () => ({ store: new MemoryBudgetStore(), close: async () => undefined }));
