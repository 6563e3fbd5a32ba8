import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { useServerEvent } from '../../events/server-events.tsx';
import type { SyncJob } from './sync-progress.ts';

export const CATALOGUE_SYNC = 'catalogue.sync';

const fetchStores = () => unwrap(api.GET('/api/v1/kaspi/stores/', { params: { query: { page_size: 100, ordering: 'name' } } }));
export type Store = Awaited<ReturnType<typeof fetchStores>>['results'][number];

/** Every shop of the user (a seller has a handful; 100 is the page the API allows). */
export function useStores() {
  // `store` events (session, sync, pauses) invalidate ['stores'] at once; the minute is for a page without the stream.
  return useQuery({ queryKey: ['stores', 'list'], queryFn: fetchStores, refetchInterval: 60_000 });
}

/** The live session check (cached by the API for a minute or so); only for shops linked through a login. */
export function useStoreSession(store: Store) {
  return useQuery({
    queryKey: ['stores', store.id, 'session'],
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/{id}/session/', { params: { path: { id: store.id } } })),
    enabled: store.has_session && !store.needs_reauth,
    staleTime: 60_000,
    // `store` events refresh it at once; without the live stream a page left open still looks every minute,
    // and sooner while a renewal is under way (it ends renewed or asking for a sign-in).
    refetchInterval: (query) => (query.state.data?.renewing ? 5_000 : 60_000),
  });
}

export function useDemperStatus(storeId: string) {
  return useQuery({
    queryKey: ['stores', storeId, 'demper-status'],
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/{id}/demper/status/', { params: { path: { id: storeId } } })),
    staleTime: 30_000,
  });
}

const running = (job: SyncJob | null | undefined) => job?.state === 'queued' || job?.state === 'running';

/**
 * The shop's newest sync. `job` events move the bar as the worker reports; while a sync runs it is
 * also fetched every few seconds, so the bar moves even when the live stream is down.
 */
export function useLatestSync(storeId: string) {
  const queryClient = useQueryClient();
  const key = ['stores', storeId, 'sync'];
  useServerEvent('job', (event) => {
    if (event.store_id !== storeId || event.type !== CATALOGUE_SYNC) return;
    queryClient.setQueryData<{ job: SyncJob | null }>(key, (old) => ({
      job: {
        id: event.id,
        state: event.state,
        progress: event.progress,
        result: (event.result as Record<string, unknown> | null) ?? null,
        error: event.error,
        created_at: old?.job?.id === event.id ? old.job.created_at : event.updated_at,
        finished_at: event.state === 'completed' || event.state === 'failed' ? event.updated_at : null,
      },
    }));
    // The counts on the card come from the store and the demper status: read them again once it ends.
    if (event.state === 'completed' || event.state === 'failed') void queryClient.invalidateQueries({ queryKey: ['stores'] });
  });
  return useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/{id}/sync/', { params: { path: { id: storeId } } })) as Promise<{ job: SyncJob | null }>,
    refetchInterval: (query) => (running(query.state.data?.job) ? 3_000 : false),
  });
}

export function useStartSync(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/kaspi/stores/{id}/sync/', { params: { path: { id: storeId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['stores', storeId, 'sync'] }),
  });
}

export function useSetProxy(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proxyUrl: string | null) => unwrap(api.PATCH('/api/v1/kaspi/stores/{id}/', { params: { path: { id: storeId } }, body: { proxy_url: proxyUrl } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['stores', 'list'] }),
  });
}

export function useDeleteStore(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/kaspi/stores/{id}/', { params: { path: { id: storeId } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['stores', storeId] });
      return queryClient.invalidateQueries({ queryKey: ['stores', 'list'] });
    },
  });
}

/** After a link, every linked shop starts its first sync at once (the scheduler would only get to it later). */
export async function startSyncs(storeIds: string[]): Promise<void> {
  await Promise.allSettled(storeIds.map((id) => unwrap(api.POST('/api/v1/kaspi/stores/{id}/sync/', { params: { path: { id } } }))));
}
