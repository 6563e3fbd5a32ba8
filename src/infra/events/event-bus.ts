/**
 * Live events for the browser (the SSE stream of GET /api/v1/events/): what changed, for which user.
 * Workers publish, API processes deliver to the user's open streams. Redis pub/sub carries them between
 * processes when REDIS_URL is set, else they stay in this process (src/container.ts chooses).
 *
 * Publishing is fire and forget: it never waits on the transport and never throws, so the work that
 * publishes (a price push, a job) is never slowed or failed by it. An event lost on the way (Redis
 * down, no stream open) is lost: the client refetches what it shows when its stream reconnects.
 */
export interface LiveEvent {
  /** Whose event it is: only this user's streams receive it. */
  userId: string;
  /** The SSE event name (`price_change`, `job`, `store`). */
  type: string;
  data: Record<string, unknown>;
}

export type LiveEventListener = (event: LiveEvent) => void;

export interface EventBus {
  publish(event: LiveEvent): void;
  /** Calls `listener` with every event published by any process from now on; returns the unsubscribe. */
  subscribe(listener: LiveEventListener): () => void;
  /** Resolves once events published from now on reach this process's subscribers (or subscribing failed, logged). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
