import { api, unwrap } from '../../api/client.ts';
import { PAGE_SIZE } from './paging.ts';

/**
 * The admin panel's reads, one place for their query keys. Every key starts with 'admin' (the live-events
 * provider and the mutations invalidate by prefix); the ordinary lists an admin reads for another user
 * (products, preorders) stay under their own prefixes with the user's id in the key.
 */
export const adminKeys = {
  users: (search: string, page: number) => ['admin', 'users', { search, page }] as const,
  stores: (search: string, userId: string | undefined, page: number) => ['admin', 'stores', { search, userId, page }] as const,
  audit: (action: string | undefined, actorId: string | undefined, page: number) => ['admin', 'audit', { action, actorId, page }] as const,
  system: ['admin', 'system'] as const,
  demper: (storeId: string) => ['stores', storeId, 'demper-status'] as const,
  userProducts: (userId: string, search: string, page: number) => ['products', 'of-user', userId, { search, page }] as const,
  userPreorders: (userId: string, page: number) => ['preorders', 'of-user', userId, { page }] as const,
};

export function fetchUsers(search: string, page: number) {
  return unwrap(api.GET('/api/v1/admin/users/', { params: { query: { page, page_size: PAGE_SIZE, ...(search && { search }) } } }));
}
export type UsersPage = Awaited<ReturnType<typeof fetchUsers>>;
export type AdminUser = UsersPage['results'][number];

export function updateUser(id: string, body: { disabled?: boolean; is_admin?: boolean }) {
  return unwrap(api.PATCH('/api/v1/admin/users/{id}/', { params: { path: { id } }, body }));
}

export function resetPassword(id: string) {
  return unwrap(api.POST('/api/v1/admin/users/{id}/reset_password/', { params: { path: { id } }, body: {} }));
}

export function fetchStores(search: string, userId: string | undefined, page: number, pageSize: number = PAGE_SIZE) {
  return unwrap(api.GET('/api/v1/admin/stores/', { params: { query: { page, page_size: pageSize, ...(search && { search }), ...(userId && { user_id: userId }) } } }));
}
export type AdminStore = Awaited<ReturnType<typeof fetchStores>>['results'][number];

export function fetchDemperStatus(storeId: string) {
  return unwrap(api.GET('/api/v1/kaspi/stores/{id}/demper/status/', { params: { path: { id: storeId } } }));
}

export function fetchAudit(action: string | undefined, actorId: string | undefined, page: number) {
  return unwrap(api.GET('/api/v1/admin/audit/', { params: { query: { page, page_size: PAGE_SIZE, ...(action && { action }), ...(actorId && { actor_id: actorId }) } } }));
}
export type AuditEntry = Awaited<ReturnType<typeof fetchAudit>>['results'][number];

export function fetchSystem() {
  return unwrap(api.GET('/api/v1/admin/system/'));
}
export type SystemView = Awaited<ReturnType<typeof fetchSystem>>;

export function fetchUserProducts(userId: string, search: string, page: number) {
  return unwrap(api.GET('/api/v1/products/', { params: { query: { user_id: userId, page, page_size: PAGE_SIZE, ordering: 'name', ...(search && { search }) } } }));
}
export type UserProduct = Awaited<ReturnType<typeof fetchUserProducts>>['results'][number];

export function updateProduct(id: string, body: { min_price?: number | null; max_price?: number | null; bot_active?: boolean }) {
  return unwrap(api.PATCH('/api/v1/products/{id}/', { params: { path: { id } }, body }));
}

export function fetchUserPreorders(userId: string, page: number) {
  return unwrap(api.GET('/api/v1/preorders/', { params: { query: { user_id: userId, page, page_size: PAGE_SIZE, ordering: '-updated_at' } } }));
}
export type UserPreorder = Awaited<ReturnType<typeof fetchUserPreorders>>['results'][number];

export function updatePreorder(id: string, body: { price?: number | null; delivery_days?: number }) {
  return unwrap(api.PATCH('/api/v1/preorders/{id}/', { params: { path: { id } }, body }));
}
