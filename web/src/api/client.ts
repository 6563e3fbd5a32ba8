import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, type ApiErrorBody } from './errors.ts';
import type { paths } from './schema.d.ts';

/**
 * The browser holds its session in an HttpOnly cookie the service sets at sign-in (scripts keep using
 * Bearer tokens): no token is ever readable by the page's JavaScript, so an injected script cannot steal
 * one. The cookie is SameSite=Strict, and every state-changing request also carries the session's CSRF
 * token in a header, which another site cannot read or forge.
 */
let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();
/** Called when the API answers 401 to a signed-in page: the session ended (expired, signed out elsewhere). */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && unsafe.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) {
      for (const listener of unauthorizedListeners) listener();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/**
 * Unwraps an openapi-fetch answer for TanStack Query: the data, or an ApiError carrying the API's detail.
 * `const products = await unwrap(api.GET('/api/v1/products/', { params: { query } }))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  throw new ApiError(response.status, (error ?? undefined) as Partial<ApiErrorBody> | undefined, retryAfter);
}
