import { forbidden } from '../../errors/domain-error.ts';

/** Who is asking. Every service method that touches tenant data takes one. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
  /**
   * Admins only: the other users whose data this request reached through an admin's right (filled by
   * canAccess and listScope), so a write on someone else's data is written to the audit log.
   */
  readonly reachedOwners?: Set<string>;
}

export function canAccess(actor: Actor, ownerId: string): boolean {
  if (actor.userId === ownerId) return true;
  if (!actor.isAdmin) return false;
  actor.reachedOwners?.add(ownerId);
  return true;
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
  if (requestedUserId !== actor.userId) actor.reachedOwners?.add(requestedUserId);
  return requestedUserId;
}
