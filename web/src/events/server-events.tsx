import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';

/** What GET /api/v1/events/ streams (see the API's README section on live events). */
export interface ServerEvents {
  price_change: {
    id: string;
    store_id: string;
    product_id: string;
    product_name: string;
    city_id: string | null;
    old_price: number | null;
    new_price: number;
    source: string;
    reason: string;
    status: string;
    at: string;
  };
  job: { id: string; type: string; state: string; progress: Record<string, unknown>; store_id: string | null; result: unknown; error: string | null; updated_at: string };
  store: { store_id: string; reason: string };
}
export type ServerEventName = keyof ServerEvents;
type Listener<N extends ServerEventName> = (data: ServerEvents[N]) => void;

interface Bus {
  subscribe<N extends ServerEventName>(name: N, listener: Listener<N>): () => void;
}

const EventsContext = createContext<Bus | null>(null);
const ConnectedContext = createContext(false);
const names: ServerEventName[] = ['price_change', 'job', 'store'];

/**
 * One EventSource per signed-in tab. The browser reconnects by itself after a drop; queries that the
 * events make stale are invalidated here, so every page shows fresh jobs and shops without polling.
 */
export function ServerEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Map<ServerEventName, Set<Listener<ServerEventName>>>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const source = new EventSource('/api/v1/events/', { withCredentials: true });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    for (const name of names) {
      source.addEventListener(name, (message) => {
        let data: unknown;
        try {
          data = JSON.parse((message as MessageEvent<string>).data);
        } catch {
          return;
        }
        if (name === 'job') void queryClient.invalidateQueries({ queryKey: ['jobs'] });
        if (name === 'store') void queryClient.invalidateQueries({ queryKey: ['stores'] });
        for (const listener of listeners.current.get(name) ?? []) listener(data as ServerEvents[ServerEventName]);
      });
    }
    return () => source.close();
  }, [queryClient]);

  const bus = useRef<Bus>({
    subscribe(name, listener) {
      let set = listeners.current.get(name);
      if (!set) {
        set = new Set();
        listeners.current.set(name, set);
      }
      set.add(listener as Listener<ServerEventName>);
      return () => set.delete(listener as Listener<ServerEventName>);
    },
  });
  return (
    <EventsContext.Provider value={bus.current}>
      <ConnectedContext.Provider value={connected}>{children}</ConnectedContext.Provider>
    </EventsContext.Provider>
  );
}

/** Calls `listener` for every event of this name while the component is mounted. */
export function useServerEvent<N extends ServerEventName>(name: N, listener: Listener<N>): void {
  const bus = useContext(EventsContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => bus?.subscribe(name, (data) => latest.current(data)), [bus, name]);
}

/** Whether the live stream is connected (shown as a dot in the header). */
export function useServerEventsConnected(): boolean {
  return useContext(ConnectedContext);
}
