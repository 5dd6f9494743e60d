import type { EventBus, EventListener, Unsubscribe } from '../ports/event-bus.js';
import type { RunEvent } from '../ports/run-store.js';

/** In-process fan-out. A throwing listener never affects the publisher or other listeners. */
export class MemoryEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<EventListener>>();

  async publish(event: RunEvent): Promise<void> {
    for (const key of [event.runId, '*']) {
      for (const listener of this.listeners.get(key) ?? []) {
        try {
          listener(structuredClone(event));
        } catch {
          // a subscriber's bug is its own problem
        }
      }
    }
  }

  async subscribe(runId: string, listener: EventListener): Promise<Unsubscribe> {
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
    }
    set.add(listener);
    return async () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  listenerCount(runId: string): number {
    return this.listeners.get(runId)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
