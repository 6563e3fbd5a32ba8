import { forbidden } from '../../errors/domain-error.ts';

/** Who is asking. Every service method that touches tenant data takes one. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
}

export function canAccess(actor: Actor, ownerId: string): boolean {
  return actor.isAdmin || actor.userId === ownerId;
}

/**
 * The user whose data a list shows. `?user_id=` is kept for compatibility with the old API:
 * it must name the caller, unless the caller is an admin.
 */
export function listScope(actor: Actor, requestedUserId: string | undefined): string {
  if (!requestedUserId) return actor.userId;
  if (requestedUserId !== actor.userId && !actor.isAdmin) {
    throw forbidden('user_id must be your own id.');
  }
  return requestedUserId;
}
