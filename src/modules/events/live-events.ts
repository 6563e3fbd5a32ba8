import type { EventBus, LiveEvent } from '../../infra/events/event-bus.ts';
import type { Actor } from '../users/index.ts';

/** `price_change`: a price_history row written or its status changed. */
export interface PriceChangeEvent {
  id: string;
  store_id: string;
  product_id: string;
  product_name: string;
  city_id: string | null;
  old_price: number | null;
  new_price: number;
  source: 'manual' | 'demper';
  reason: string;
  status: string;
  at: string;
}

/** `job`: a job's state or progress changed. */
export interface JobEvent {
  id: string;
  type: string;
  state: string;
  progress: Record<string, unknown>;
  store_id: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  updated_at: string;
}

/** Why a shop's page should refetch the shop. */
export type StoreEventReason = 'session' | 'sync_finished' | 'demper';

/** `store`: something the shop page shows changed; the client refetches the store. */
export interface StoreEvent {
  store_id: string;
  reason: StoreEventReason;
}

/**
 * The typed face of the event bus: what each module announces, for whom. Fire and forget (see
 * EventBus): a call never throws and never waits, whatever the transport does.
 */
export class LiveEvents {
  constructor(private readonly bus: EventBus) {}

  priceChange(userId: string, data: PriceChangeEvent): void {
    this.bus.publish({ userId, type: 'price_change', data: { ...data } });
  }

  job(userId: string, data: JobEvent): void {
    this.bus.publish({ userId, type: 'job', data: { ...data } });
  }

  store(userId: string, data: StoreEvent): void {
    this.bus.publish({ userId, type: 'store', data: { ...data } });
  }

  /**
   * The caller's own events, as they happen: a user's stream carries only that user's events, and an
   * admin's too (an admin watches other shops through the API, not this stream). Resolves once
   * subscribed, with the unsubscribe.
   */
  async follow(actor: Actor, listener: (event: Pick<LiveEvent, 'type' | 'data'>) => void): Promise<() => void> {
    const unsubscribe = this.bus.subscribe((event) => {
      if (event.userId === actor.userId) listener({ type: event.type, data: event.data });
    });
    await this.bus.ready();
    return unsubscribe;
  }
}
