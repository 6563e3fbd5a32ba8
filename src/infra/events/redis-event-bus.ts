import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { EventBus, LiveEvent, LiveEventListener } from './event-bus.ts';

/**
 * Every process on one Redis channel (`<prefix>:live-events`). Publishing uses the shared connection;
 * a process that subscribes (an API process with a stream open) gets a connection of its own, as
 * pub/sub requires, made at its first subscriber: worker processes never open one.
 */
export class RedisEventBus implements EventBus {
  private readonly channel: string;
  private readonly listeners = new Set<LiveEventListener>();
  private subscriber: Redis | undefined;
  private subscribed: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly log: Logger,
  ) {
    this.channel = `${prefix}:live-events`;
  }

  publish(event: LiveEvent): void {
    if (this.closed) return;
    let message: string;
    try {
      message = JSON.stringify(event);
    } catch (err) {
      this.log.warn({ err, type: event.type }, 'could not serialise a live event');
      return;
    }
    this.redis.publish(this.channel, message).catch((err: unknown) => this.log.warn({ err, type: event.type }, 'could not publish a live event'));
  }

  subscribe(listener: LiveEventListener): () => void {
    this.listeners.add(listener);
    if (!this.subscriber && !this.closed) this.openSubscriber();
    return () => this.listeners.delete(listener);
  }

  private openSubscriber(): void {
    // No command timeout: a subscriber waits for messages indefinitely; ioredis re-subscribes after a reconnect.
    const subscriber = this.redis.duplicate({ commandTimeout: undefined, enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (err) => this.log.debug({ err }, 'live events subscriber: redis connection error'));
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let event: LiveEvent;
      try {
        event = JSON.parse(message) as LiveEvent;
      } catch {
        return;
      }
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // A stream that failed to write is closed by its own error handling.
        }
      }
    });
    this.subscribed = subscriber.subscribe(this.channel).then(
      () => undefined,
      (err: unknown) => this.log.warn({ err }, 'could not subscribe to live events'),
    );
  }

  ready(): Promise<void> {
    return this.subscribed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber?.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber?.disconnect();
  }
}
