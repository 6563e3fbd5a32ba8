import type { AppModule, Infra } from '../module.ts';
import { eventsRoutes } from './events.routes.ts';
import { LiveEvents } from './live-events.ts';

export type { JobEvent, LiveEvents, PriceChangeEvent, StoreEvent, StoreEventReason } from './live-events.ts';

/** Live events: what modules announce (`liveEvents`), streamed to each user's browsers (GET /events/). No table. */
export function createEventsModule(infra: Infra): AppModule<{ liveEvents: LiveEvents }> {
  return { name: 'events', services: { liveEvents: new LiveEvents(infra.events) }, routes: eventsRoutes };
}
