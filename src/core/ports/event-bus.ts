import type { RunEvent } from './run-store.js';

export type EventListener = (event: RunEvent) => void;
export type Unsubscribe = () => Promise<void>;

/**
 * Live fan-out of run events, after they are persisted. Delivery is best effort: subscribers
 * that need every event replay from the run store (`listEvents`) and de-duplicate by `seq`.
 */
export interface EventBus {
  publish(event: RunEvent): Promise<void>;
  /** `runId` of `*` receives every run's events. */
  subscribe(runId: string, listener: EventListener): Promise<Unsubscribe>;
  close(): Promise<void>;
}
