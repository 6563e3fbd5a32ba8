import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

// Under ['stores', id, ...]: a `store` event (paused, resumed, session) refreshes them with the shop.
export const statusKey = (storeId: string) => ['stores', storeId, 'demper', 'status'] as const;
export const settingsKey = (storeId: string) => ['stores', storeId, 'demper', 'settings'] as const;

export function useDemperStatus(storeId: string) {
  return useQuery({
    queryKey: statusKey(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/{id}/demper/status/', { params: { path: { id: storeId } } })),
    // The hour's counters move with every check, which sends no event of its own.
    refetchInterval: 30_000,
  });
}

export function useDemperSettings(storeId: string) {
  return useQuery({
    queryKey: settingsKey(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/{id}/demper/', { params: { path: { id: storeId } } })),
  });
}
