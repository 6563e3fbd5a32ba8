import crypto from 'node:crypto';
import { conflict, forbidden, notFound } from '../../errors/domain-error.ts';
import type { Database } from '../../infra/db/database.ts';
import type { AuditLogRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import { type StoreView, toStoreView } from '../stores/index.ts';
import type { Actor, UsersService } from '../users/index.ts';
import type { AdminRepository, NewAuditEntry, UserWithCounts } from './admin.repository.ts';
import { type AdminWrite, describeWrite } from './audit-entry.ts';
import type { SystemStatus, SystemView } from './system-status.ts';

export interface AdminUserView {
  id: string;
  email: string;
  is_admin: boolean;
  disabled: boolean;
  disabled_at: string | null;
  created_at: string;
  last_login_at: string | null;
  stores_count: number;
  products_count: number;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

interface Window {
  limit: number;
  offset: number;
}

const toUserView = ({ user, storesCount, productsCount }: UserWithCounts): AdminUserView => ({
  id: user.id,
  email: user.email,
  is_admin: user.isAdmin,
  disabled: user.disabledAt !== null,
  disabled_at: user.disabledAt?.toISOString() ?? null,
  created_at: user.createdAt.toISOString(),
  last_login_at: user.lastLoginAt?.toISOString() ?? null,
  stores_count: storesCount,
  products_count: productsCount,
});

const toAuditView = (row: AuditLogRow): AuditEntryView => ({
  id: row.id,
  at: row.at.toISOString(),
  actor_id: row.actorId,
  actor_email: row.actorEmail,
  action: row.action,
  target_type: row.targetType,
  target_id: row.targetId,
  details: row.details,
});

/** A password shown once to the admin who reset it: 18 random bytes, 24 characters of base64url. */
function temporaryPassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/**
 * The admin panel's rules: who may do what to which account, and the audit log. Every method checks
 * that the actor is an admin (the routes check it too, before reading the input); every change is
 * written with its audit entry in one transaction.
 */
export class AdminService {
  constructor(
    private readonly repo: AdminRepository,
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly system: SystemStatus,
    private readonly log: Logger,
  ) {}

  requireAdmin(actor: Actor): void {
    if (!actor.isAdmin) throw forbidden('Only admins may use the admin API.');
  }

  async listUsers(actor: Actor, filter: { search?: string | undefined }, window: Window) {
    this.requireAdmin(actor);
    const { rows, count } = await this.repo.listUsers(filter, window);
    return { count, results: rows.map(toUserView) };
  }

  /** Disable or enable an account, grant or take admin rights; each change is one audit entry. */
  async updateUser(actor: Actor, userId: string, change: { disabled?: boolean | undefined; is_admin?: boolean | undefined }): Promise<AdminUserView> {
    this.requireAdmin(actor);
    if (userId === actor.userId && change.disabled === true) throw conflict('You cannot disable your own account; ask another admin.');
    if (userId === actor.userId && change.is_admin === false) throw conflict('You cannot take away your own admin rights; ask another admin.');
    const before = await this.users.findById(userId);
    if (!before) throw notFound('User');
    const actorEmail = await this.emailOf(actor);
    await this.db.transaction(async (tx) => {
      const after = await this.users.setAccountState(userId, { disabled: change.disabled, isAdmin: change.is_admin }, tx);
      if (!after) throw notFound('User');
      const entries: NewAuditEntry[] = [];
      const entry = (action: string, details: Record<string, unknown> = {}) =>
        entries.push({ actorId: actor.userId, actorEmail, action, targetType: 'user', targetId: userId, details: { email: after.email, ...details } });
      if (!before.disabledAt && after.disabledAt) entry('user.disable', { tokens_revoked: true });
      if (before.disabledAt && !after.disabledAt) entry('user.enable');
      if (!before.isAdmin && after.isAdmin) entry('user.grant_admin');
      if (before.isAdmin && !after.isAdmin) entry('user.revoke_admin');
      await this.repo.insertAudit(entries, tx);
    });
    return this.userView(userId);
  }

  /** Sets the given password or a generated one, revokes the user's tokens and answers the password once. */
  async resetPassword(actor: Actor, userId: string, newPassword: string | undefined): Promise<{ temporary_password: string }> {
    this.requireAdmin(actor);
    const password = newPassword ?? temporaryPassword();
    const actorEmail = await this.emailOf(actor);
    await this.db.transaction(async (tx) => {
      const updated = await this.users.setPassword(userId, password, tx);
      if (!updated) throw notFound('User');
      await this.repo.insertAudit(
        [
          {
            actorId: actor.userId,
            actorEmail,
            action: 'user.reset_password',
            targetType: 'user',
            targetId: userId,
            // Never the password itself: only whether the admin chose it.
            details: { email: updated.email, generated: newPassword === undefined, tokens_revoked: true },
          },
        ],
        tx,
      );
    });
    return { temporary_password: password };
  }

  /** Every store across users, with its owner's e-mail. */
  async listStores(actor: Actor, filter: { search?: string | undefined; userId?: string | undefined }, window: Window): Promise<{ count: number; results: (StoreView & { owner_email: string })[] }> {
    this.requireAdmin(actor);
    const { rows, count } = await this.repo.listStores(filter, window);
    return { count, results: rows.map((r) => ({ ...toStoreView(r.store), owner_email: r.ownerEmail })) };
  }

  async listAudit(actor: Actor, filter: { actorId?: string | undefined; action?: string | undefined }, window: Window) {
    this.requireAdmin(actor);
    const { rows, count } = await this.repo.listAudit(filter, window);
    return { count, results: rows.map(toAuditView) };
  }

  async systemView(actor: Actor): Promise<SystemView> {
    this.requireAdmin(actor);
    return this.system.view();
  }

  /**
   * An admin's write on other users' data through the ordinary API (a product of another seller, ...),
   * recorded once the change answered with success. Failures are logged: the change has been made.
   */
  async recordAdminWrite(actor: Actor, write: AdminWrite): Promise<void> {
    if (!actor.isAdmin || !write.owners.length) return;
    const { action, targetType, targetId, details } = describeWrite(write);
    try {
      await this.repo.insertAudit([{ actorId: actor.userId, actorEmail: await this.emailOf(actor), action, targetType, targetId, details }]);
    } catch (err) {
      this.log.error({ err, action, targetId }, 'audit entry for an admin write could not be written');
    }
  }

  private async userView(userId: string): Promise<AdminUserView> {
    const row = await this.repo.findUser(userId);
    if (!row) throw notFound('User');
    return toUserView(row);
  }

  private async emailOf(actor: Actor): Promise<string> {
    return (await this.users.findById(actor.userId))?.email ?? actor.userId;
  }
}
