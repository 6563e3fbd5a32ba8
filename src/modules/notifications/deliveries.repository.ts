import { and, asc, count, desc, eq, inArray, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import {
  type DeliveryErrorCode,
  type DeliveryStatus,
  type NotificationAlertRow,
  type NotificationChannel,
  type NotificationDeliveryRow,
  type NotificationKind,
  notificationAlerts,
  notificationDeliveries,
} from '../../infra/db/schema.ts';
import { deleteInBatches } from '../../infra/db/sql-helpers.ts';

export interface NewAlert {
  userId: string;
  storeId: string | null;
  kind: NotificationKind;
  data: Record<string, unknown>;
  /** Whether a Telegram message should carry it (a chat is linked and the kind may go there). */
  forTelegram: boolean;
}

export interface NewWebhookDelivery {
  webhookId: string;
  target: string;
}

export interface DeliveryFilter {
  channel?: NotificationChannel;
  status?: DeliveryStatus;
}

class TakenMeanwhile extends Error {}

/** The SQL of what was raised and how it went out: alerts, and deliveries per channel. */
export class DeliveriesRepository {
  constructor(private readonly db: Database) {}

  /** The alert and one delivery per webhook that wants it, in one transaction. */
  async insertAlert(alert: NewAlert, webhooks: NewWebhookDelivery[]): Promise<{ alert: NotificationAlertRow; deliveries: NotificationDeliveryRow[] }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(notificationAlerts)
        .values({ userId: alert.userId, storeId: alert.storeId, kind: alert.kind, data: alert.data, telegram: alert.forTelegram ? 'waiting' : 'none' })
        .returning();
      const deliveries = webhooks.length
        ? await tx
            .insert(notificationDeliveries)
            .values(
              webhooks.map((w) => ({
                userId: alert.userId,
                storeId: alert.storeId,
                channel: 'webhook' as const,
                webhookId: w.webhookId,
                target: w.target,
                alertIds: [row!.id],
                kinds: [alert.kind],
                nextAttemptAt: new Date(),
              })),
            )
            .returning()
        : [];
      return { alert: row!, deliveries };
    });
  }

  async alerts(ids: string[]): Promise<NotificationAlertRow[]> {
    if (!ids.length) return [];
    return this.db.select().from(notificationAlerts).where(inArray(notificationAlerts.id, ids)).orderBy(asc(notificationAlerts.createdAt));
  }

  private waitingOf(userId: string, storeId: string | null): SQL {
    return and(eq(notificationAlerts.userId, userId), storeId ? eq(notificationAlerts.storeId, storeId) : isNull(notificationAlerts.storeId), eq(notificationAlerts.telegram, 'waiting'))!;
  }

  /** The alerts of a shop waiting for their Telegram message, oldest first. */
  waiting(userId: string, storeId: string | null): Promise<NotificationAlertRow[]> {
    return this.db.select().from(notificationAlerts).where(this.waitingOf(userId, storeId)).orderBy(asc(notificationAlerts.createdAt)).limit(200);
  }

  /** One Telegram delivery for these waiting alerts, which are marked grouped into it; none if another run took them. */
  async groupIntoTelegram(userId: string, storeId: string | null, alertIds: string[], kinds: NotificationKind[]): Promise<NotificationDeliveryRow | undefined> {
    return this.db
      .transaction(async (tx) => {
        const [delivery] = await tx
          .insert(notificationDeliveries)
          .values({ userId, storeId, channel: 'telegram', alertIds, kinds: [...new Set(kinds)], nextAttemptAt: new Date() })
          .returning();
        const taken = await tx
          .update(notificationAlerts)
          .set({ telegram: 'grouped', telegramDeliveryId: delivery!.id })
          .where(and(inArray(notificationAlerts.id, alertIds), eq(notificationAlerts.telegram, 'waiting')))
          .returning({ id: notificationAlerts.id });
        // Another run grouped some of them meanwhile: it sends those; this run tries again with what is left.
        if (taken.length !== alertIds.length) throw new TakenMeanwhile();
        return delivery;
      })
      .catch((err: unknown) => {
        if (err instanceof TakenMeanwhile) return undefined;
        throw err;
      });
  }

  /** Alerts that are waiting to be grouped for longer than they should: their group job was lost. */
  async staleWaitingGroups(olderThan: Date): Promise<{ userId: string; storeId: string | null }[]> {
    return this.db
      .selectDistinct({ userId: notificationAlerts.userId, storeId: notificationAlerts.storeId })
      .from(notificationAlerts)
      .where(and(eq(notificationAlerts.telegram, 'waiting'), lt(notificationAlerts.createdAt, olderThan)))
      .limit(500);
  }

  async delivery(id: string): Promise<NotificationDeliveryRow | undefined> {
    const [row] = await this.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id));
    return row;
  }

  /** Pending deliveries whose next attempt is long overdue (their job was lost). */
  async overdue(before: Date): Promise<NotificationDeliveryRow[]> {
    return this.db
      .select()
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.status, 'pending'), lt(notificationDeliveries.nextAttemptAt, before)))
      .limit(500);
  }

  /** Records an attempt's outcome: sent, retried at `nextAttemptAt`, or failed for good. */
  async recordAttempt(
    id: string,
    outcome: { status: DeliveryStatus; error: string | null; errorCode: DeliveryErrorCode | null; errorDetail: string | null; nextAttemptAt: Date | null },
  ): Promise<NotificationDeliveryRow | undefined> {
    const now = new Date();
    const [row] = await this.db
      .update(notificationDeliveries)
      .set({
        status: outcome.status,
        attempts: sql`${notificationDeliveries.attempts} + 1`,
        // A success keeps the error of the attempt before it: "sent on the 2nd attempt, after: ...".
        ...(outcome.error !== null && { lastError: outcome.error, lastErrorCode: outcome.errorCode, lastErrorDetail: outcome.errorDetail }),
        nextAttemptAt: outcome.nextAttemptAt,
        ...(outcome.status === 'sent' && { sentAt: now }),
        updatedAt: now,
      })
      .where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'pending')))
      .returning();
    return row;
  }

  /**
   * Deletes alerts and deliveries created before `before`, except what is still on its way (an alert
   * waiting for its Telegram message, a delivery waiting for its next attempt). Returns how many went.
   */
  async deleteBefore(before: Date): Promise<{ alerts: number; deliveries: number }> {
    const deliveries = await deleteInBatches(
      this.db,
      notificationDeliveries,
      notificationDeliveries.id,
      and(lt(notificationDeliveries.createdAt, before), ne(notificationDeliveries.status, 'pending')),
    );
    const alerts = await deleteInBatches(this.db, notificationAlerts, notificationAlerts.id, and(lt(notificationAlerts.createdAt, before), ne(notificationAlerts.telegram, 'waiting')));
    return { alerts, deliveries };
  }

  async list(userId: string, filter: DeliveryFilter, page: { limit: number; offset: number }): Promise<{ rows: NotificationDeliveryRow[]; count: number }> {
    const where = and(
      eq(notificationDeliveries.userId, userId),
      filter.channel ? eq(notificationDeliveries.channel, filter.channel) : undefined,
      filter.status ? eq(notificationDeliveries.status, filter.status) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      this.db.select().from(notificationDeliveries).where(where).orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: count() }).from(notificationDeliveries).where(where),
    ]);
    return { rows, count: total?.n ?? 0 };
  }
}
