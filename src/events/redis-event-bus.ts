import type { Redis } from 'ioredis';
import { type Logger, silentLogger } from '../core/logger.js';
import type { EventBus, EventListener, Unsubscribe } from '../core/ports/event-bus.js';
import type { RunEvent } from '../core/ports/run-store.js';
import type { RedisChannelSubscriber } from './redis-subscriber.js';

export interface RedisEventBusOptions {
  /** A normal (non-subscriber) connection; may be shared with the cache and rate limits. */
  publisher: Redis;
  /** The process's one subscriber connection. */
  subscriber: RedisChannelSubscriber;
  /** Namespaces the channels (`<prefix>events:run:<id>`, `<prefix>events:all`). */
  prefix: string;
  logger?: Logger;
}

/**
 * Live run events across processes over Redis pub/sub. Each event is published, as JSON, on its
 * run's channel and on one wildcard channel, so a per-run subscriber (an SSE client) receives only
 * that run's traffic, and a `*` subscriber (metrics, dashboards) needs no pattern subscription.
 * Both publishes go in one round trip, in order, so per-run order is the order of `publish` calls
 * on one connection. Delivery is best effort, as the port says: subscribers that need every event
 * replay from the run store and de-duplicate by `seq`.
 */
export class RedisEventBus implements EventBus {
  private readonly logger: Logger;
  private readonly unsubscribes = new Set<Unsubscribe>();
  private closed = false;

  constructor(private readonly options: RedisEventBusOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  channelOf(runId: string): string {
    return runId === '*' ? `${this.options.prefix}events:all` : `${this.options.prefix}events:run:${runId}`;
  }

  async publish(event: RunEvent): Promise<void> {
    const payload = JSON.stringify(event);
    const results = await this.options.publisher.pipeline().publish(this.channelOf(event.runId), payload).publish(this.channelOf('*'), payload).exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  async subscribe(runId: string, listener: EventListener): Promise<Unsubscribe> {
    if (this.closed) throw new Error('The event bus is closed');
    const unsubscribe = await this.options.subscriber.subscribe(this.channelOf(runId), (message) => {
      let event: RunEvent;
      try {
        // Parsed per listener, so one listener mutating its event cannot change another's.
        event = JSON.parse(message) as RunEvent;
      } catch {
        this.logger.warn({ runId }, 'Ignoring a malformed message on a run event channel');
        return;
      }
      try {
        listener(event);
      } catch {
        // A subscriber's bug is its own problem; the others still get the event.
      }
    });
    const tracked: Unsubscribe = async () => {
      this.unsubscribes.delete(tracked);
      await unsubscribe();
    };
    this.unsubscribes.add(tracked);
    return tracked;
  }

  /** Drops this bus's subscriptions; the connections belong to whoever created them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.unsubscribes].map((unsubscribe) => unsubscribe()));
  }
}
