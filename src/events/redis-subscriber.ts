import type { Redis } from 'ioredis';
import { type Logger, silentLogger } from '../core/logger.js';

export type MessageHandler = (message: string) => void;

/**
 * One Redis connection in subscriber mode, shared by everything in the process that listens
 * (the event bus, cache invalidation): a connection per SSE client would exhaust Redis's
 * connection limit long before the API ran out of sockets.
 *
 * Handlers are local; the connection is subscribed to a channel while at least one handler wants
 * it. Subscribe and unsubscribe calls for one channel are reconciled in order, so a quick
 * unsubscribe/subscribe pair never leaves the channel in the wrong state.
 *
 * A new handler gets what is published after `subscribe` was called, and nothing older: before it
 * is attached, a PING round trip on the subscriber connection flushes messages already on their
 * way (published earlier, on a channel another handler kept subscribed), because Redis answers
 * the PING after delivering them. ioredis re-subscribes every channel after a reconnect; messages
 * published while disconnected are lost (live delivery is best effort; the database keeps every
 * event, and readers replay from it after subscribing).
 */
export class RedisChannelSubscriber {
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  /** Handlers attached or being attached per channel: the channel stays subscribed while > 0. */
  private readonly wanted = new Map<string, number>();
  private readonly subscribed = new Set<string>();
  private readonly reconciling = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly client: Redis,
    private readonly logger: Logger = silentLogger,
  ) {
    client.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  private dispatch(channel: string, message: string): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        // One subscriber's bug must not starve the others of the message.
        this.logger.warn({ channel, err: (error as Error).message }, 'Redis message handler threw');
      }
    }
  }

  /** Delivers messages on `channel` to `handler` until the returned function is called. */
  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('The Redis subscriber is closed');
    this.wanted.set(channel, (this.wanted.get(channel) ?? 0) + 1);
    // A wrapper per call, so the same function subscribed twice is unsubscribed once at a time.
    const entry: MessageHandler = (message) => handler(message);
    try {
      await this.reconcile(channel);
      await this.client.ping();
    } catch (error) {
      this.release(channel);
      await this.reconcile(channel).catch(() => undefined);
      throw error;
    }
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(entry);
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      const current = this.handlers.get(channel);
      current?.delete(entry);
      if (current && current.size === 0) this.handlers.delete(channel);
      this.release(channel);
      if (!this.closed) await this.reconcile(channel);
    };
  }

  private release(channel: string): void {
    const count = (this.wanted.get(channel) ?? 1) - 1;
    if (count > 0) this.wanted.set(channel, count);
    else this.wanted.delete(channel);
  }

  /** Channels this connection is subscribed to (for tests and metrics). */
  channels(): string[] {
    return [...this.subscribed];
  }

  private reconcile(channel: string): Promise<void> {
    const previous = this.reconciling.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wanted = (this.wanted.get(channel) ?? 0) > 0;
        if (wanted && !this.subscribed.has(channel)) {
          await this.client.subscribe(channel);
          this.subscribed.add(channel);
        } else if (!wanted && this.subscribed.has(channel)) {
          this.subscribed.delete(channel);
          await this.client.unsubscribe(channel);
        }
      });
    this.reconciling.set(channel, next);
    void next.finally(() => {
      if (this.reconciling.get(channel) === next) this.reconciling.delete(channel);
    }).catch(() => undefined);
    return next;
  }

  /** Drops every handler; the connection itself belongs to whoever created it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    this.wanted.clear();
    await Promise.allSettled([...this.reconciling.values()]);
    if (this.subscribed.size > 0 && this.client.status === 'ready') {
      await this.client.unsubscribe(...this.subscribed).catch(() => undefined);
    }
    this.subscribed.clear();
  }
}
