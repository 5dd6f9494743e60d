import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { defineEventBusContract } from '../../test/contracts/event-bus.contract.js';
import { redisUrl, uniqueName } from '../../test/support/integration-services.js';
import type { RunEvent } from '../core/ports/run-store.js';
import { closeRedis, connectRedis } from '../distributed/redis-clients.js';
import { RedisEventBus } from './redis-event-bus.js';
import { RedisChannelSubscriber } from './redis-subscriber.js';

const event = (runId: string, seq: number): RunEvent => ({ runId, seq, type: 'step-progress', at: '2026-01-01T00:00:00.000Z', stepId: 's', data: { seq } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A process's worth of event bus: its own command and subscriber connections. */
async function openBus(prefix: string) {
  const publisher = await connectRedis({ url: redisUrl!, name: `${prefix}publisher` });
  const connection = await connectRedis({ url: redisUrl!, name: `${prefix}subscriber` });
  const subscriber = new RedisChannelSubscriber(connection);
  const bus = new RedisEventBus({ publisher, subscriber, prefix });
  return {
    bus,
    subscriber,
    publisher,
    close: async () => {
      await bus.close();
      await subscriber.close();
      await closeRedis(connection);
      await closeRedis(publisher);
    },
  };
}

describe.skipIf(!redisUrl)('Redis event bus', () => {
  defineEventBusContract('redis', async () => {
    const opened = await openBus(`${uniqueName('events', import.meta.url)}:`);
    return { store: opened.bus, close: opened.close };
  });

  const open: Array<{ close(): Promise<void> }> = [];
  const track = <T extends { close(): Promise<void> }>(value: T): T => {
    open.push(value);
    return value;
  };
  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
  });

  const numberOfSubscribers = async (client: Redis, channel: string): Promise<number> => {
    const reply = (await client.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
    return Number(reply[1]);
  };

  it('delivers across processes, and only within its own prefix', async () => {
    const prefix = `${uniqueName('events', import.meta.url)}:`;
    const publisherProcess = track(await openBus(prefix));
    const listenerProcess = track(await openBus(prefix));
    const otherDeployment = track(await openBus(`${prefix}other:`));
    const received: RunEvent[] = [];
    const strays: RunEvent[] = [];
    await listenerProcess.bus.subscribe('run_x', (item) => received.push(item));
    await otherDeployment.bus.subscribe('*', (item) => strays.push(item));
    for (let seq = 1; seq <= 20; seq += 1) await publisherProcess.bus.publish(event('run_x', seq));
    await eventually(() => received.length === 20);
    expect(received.map((item) => item.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(received[0]).toEqual(event('run_x', 1));
    expect(strays).toEqual([]);
  });

  it('shares one subscription per channel among listeners and drops it with the last one', async () => {
    const prefix = `${uniqueName('events', import.meta.url)}:`;
    const instance = track(await openBus(prefix));
    const channel = instance.bus.channelOf('run_shared');
    const first: number[] = [];
    const second: number[] = [];
    const unsubscribeFirst = await instance.bus.subscribe('run_shared', (item) => first.push(item.seq));
    const unsubscribeSecond = await instance.bus.subscribe('run_shared', (item) => second.push(item.seq));
    expect(instance.subscriber.channels()).toEqual([channel]);
    expect(await numberOfSubscribers(instance.publisher, channel)).toBe(1);
    await instance.bus.publish(event('run_shared', 1));
    await eventually(() => first.length === 1 && second.length === 1);
    await unsubscribeFirst();
    expect(await numberOfSubscribers(instance.publisher, channel)).toBe(1);
    await instance.bus.publish(event('run_shared', 2));
    await eventually(() => second.length === 2);
    expect(first).toEqual([1]);
    await unsubscribeSecond();
    await unsubscribeSecond();
    expect(instance.subscriber.channels()).toEqual([]);
    expect(await numberOfSubscribers(instance.publisher, channel)).toBe(0);
  });

  it('gives a new listener nothing published before it subscribed, even on a channel already open', async () => {
    const prefix = `${uniqueName('events', import.meta.url)}:`;
    const publisherSide = track(await openBus(prefix));
    const connection = await connectRedis({ url: redisUrl!, name: `${prefix}paused-subscriber` });
    const subscriber = new RedisChannelSubscriber(connection);
    const bus = new RedisEventBus({ publisher: publisherSide.publisher, subscriber, prefix });
    track({ close: async () => { await bus.close(); await subscriber.close(); await closeRedis(connection); } });
    const early: number[] = [];
    const late: number[] = [];
    await bus.subscribe('run_p', (item) => early.push(item.seq));
    // Hold the subscriber's socket so event 1 is still on its way when the late listener arrives.
    const socket = (connection as unknown as { stream: { pause(): void; resume(): void } }).stream;
    socket.pause();
    await publisherSide.bus.publish(event('run_p', 1));
    const subscribing = bus.subscribe('run_p', (item) => late.push(item.seq));
    await sleep(50);
    socket.resume();
    await subscribing;
    await publisherSide.bus.publish(event('run_p', 2));
    await eventually(() => early.length === 2 && late.length === 1);
    expect(early).toEqual([1, 2]);
    expect(late).toEqual([2]);
  });

  it('ignores malformed messages and keeps delivering', async () => {
    const prefix = `${uniqueName('events', import.meta.url)}:`;
    const instance = track(await openBus(prefix));
    const received: number[] = [];
    await instance.bus.subscribe('run_m', (item) => received.push(item.seq));
    await instance.publisher.publish(instance.bus.channelOf('run_m'), 'not json {');
    await instance.bus.publish(event('run_m', 7));
    await eventually(() => received.length === 1);
    expect(received).toEqual([7]);
  });

  it('survives a quick unsubscribe and resubscribe of the same channel', async () => {
    const prefix = `${uniqueName('events', import.meta.url)}:`;
    const instance = track(await openBus(prefix));
    const received: number[] = [];
    const unsubscribe = await instance.bus.subscribe('run_flip', () => undefined);
    const [, resubscribed] = await Promise.all([unsubscribe(), instance.bus.subscribe('run_flip', (item) => received.push(item.seq))]);
    expect(instance.subscriber.channels()).toEqual([instance.bus.channelOf('run_flip')]);
    await instance.bus.publish(event('run_flip', 1));
    await eventually(() => received.length === 1);
    await resubscribed();
  });
});
