import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A write an admin made on other users' data through an ordinary route, as the audit log takes it. */
export interface AdminWriteRecord {
  method: string;
  route: string;
  params: Record<string, string>;
  body: unknown;
  statusCode: number;
  owners: string[];
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every successful write an admin makes on someone else's data (a product of another seller,
 * ...) through the ordinary routes of `app`: the services mark whose data an admin's right opened
 * (`actor.reachedOwners`), and this hook hands the request to `record` before the answer leaves, so
 * the entry exists when the client sees the answer. The admin API records its own changes.
 */
export function auditAdminWrites(app: FastifyInstance, record: (actor: FastifyRequest['actor'], write: AdminWriteRecord) => Promise<void>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const actor = request.actor;
    if (!actor?.isAdmin || !actor.reachedOwners?.size || !WRITES.has(request.method) || reply.statusCode >= 400) return payload;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (route.startsWith('/api/v1/admin/')) return payload;
    const owners = [...actor.reachedOwners].filter((id) => id !== actor.userId);
    if (!owners.length) return payload;
    await record(actor, { method: request.method, route, params: (request.params ?? {}) as Record<string, string>, body: request.body, statusCode: reply.statusCode, owners });
    return payload;
  });
}
