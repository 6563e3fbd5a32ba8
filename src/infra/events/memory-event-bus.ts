import type { EventBus, LiveEvent, LiveEventListener } from './event-bus.ts';

/** One process (embedded mode): events go straight to this process's listeners. */
export class MemoryEventBus implements EventBus {
  private readonly listeners = new Set<LiveEventListener>();

  publish(event: LiveEvent): void {
    // Delivered after the publisher's own work goes on, as over Redis; a listener's error stays its own.
    queueMicrotask(() => {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // A stream that failed to write is closed by its own error handling.
        }
      }
    });
  }

  subscribe(listener: LiveEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
