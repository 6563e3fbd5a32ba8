import { and, asc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import {
  type NotificationKind,
  type NotificationSettingsRow,
  type NotificationWebhookRow,
  notificationSettings,
  notificationWebhooks,
  type TelegramChatRow,
  telegramChats,
  telegramLinkCodes,
  type UserLanguage,
  users,
} from '../../infra/db/schema.ts';
import type { Preferences } from './preferences.ts';

/** The SQL of the user's side: preferences, the linked Telegram chat and its link codes, webhooks. */
export class NotificationSettingsRepository {
  constructor(private readonly db: Database) {}

  async settings(userId: string): Promise<NotificationSettingsRow | undefined> {
    const [row] = await this.db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
    return row;
  }

  async saveSettings(userId: string, prefs: Preferences): Promise<NotificationSettingsRow> {
    const values = { ...prefs, updatedAt: new Date() };
    const [row] = await this.db
      .insert(notificationSettings)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: notificationSettings.userId, set: values })
      .returning();
    return row!;
  }

  async language(userId: string): Promise<UserLanguage> {
    const [row] = await this.db.select({ language: users.language }).from(users).where(eq(users.id, userId));
    return row?.language ?? 'ru';
  }

  /** Users whose summary hour is `hour` and who have had no summary on `date` yet. */
  async dueForSummary(hour: number, date: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: notificationSettings.userId })
      .from(notificationSettings)
      .innerJoin(users, eq(users.id, notificationSettings.userId))
      .where(and(eq(notificationSettings.summaryHour, hour), or(isNull(notificationSettings.summarySentOn), ne(notificationSettings.summarySentOn, date)), isNull(users.disabledAt)));
    return rows.map((r) => r.userId);
  }

  /** Takes the user's summary of `date`: true once per user and date, whichever process asks. */
  async claimSummary(userId: string, date: string): Promise<boolean> {
    const rows = await this.db
      .update(notificationSettings)
      .set({ summarySentOn: date })
      .where(and(eq(notificationSettings.userId, userId), or(isNull(notificationSettings.summarySentOn), ne(notificationSettings.summarySentOn, date))))
      .returning({ userId: notificationSettings.userId });
    return rows.length > 0;
  }

  // Telegram

  async chatOf(userId: string): Promise<TelegramChatRow | undefined> {
    const [row] = await this.db.select().from(telegramChats).where(eq(telegramChats.userId, userId));
    return row;
  }

  /** The user the chat is linked to (a chat links one account: linking it again moves it). */
  async userOfChat(chatId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ userId: telegramChats.userId }).from(telegramChats).where(eq(telegramChats.chatId, chatId));
    return row?.userId;
  }

  /** Replaces the user's chat with this one, and takes the chat from any other user it was linked to. */
  async linkChat(userId: string, chat: { chatId: string; username: string | null; title: string | null }): Promise<TelegramChatRow> {
    return this.db.transaction(async (tx) => {
      await tx.delete(telegramChats).where(and(eq(telegramChats.chatId, chat.chatId), ne(telegramChats.userId, userId)));
      const values = { ...chat, linkedAt: new Date() };
      const [row] = await tx
        .insert(telegramChats)
        .values({ userId, ...values })
        .onConflictDoUpdate({ target: telegramChats.userId, set: values })
        .returning();
      return row!;
    });
  }

  async unlinkChat(userId: string): Promise<boolean> {
    const rows = await this.db.delete(telegramChats).where(eq(telegramChats.userId, userId)).returning({ userId: telegramChats.userId });
    return rows.length > 0;
  }

  /** A new code for the user; their earlier codes stop working. */
  async saveLinkCode(userId: string, codeHash: string, expiresAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(telegramLinkCodes).where(eq(telegramLinkCodes.userId, userId));
      await tx.insert(telegramLinkCodes).values({ codeHash, userId, expiresAt });
    });
  }

  /** The user of a valid code, which is used up; undefined for an unknown or expired code. */
  async consumeLinkCode(codeHash: string): Promise<string | undefined> {
    const [row] = await this.db
      .delete(telegramLinkCodes)
      .where(and(eq(telegramLinkCodes.codeHash, codeHash), gt(telegramLinkCodes.expiresAt, sql`now()`)))
      .returning({ userId: telegramLinkCodes.userId });
    return row?.userId;
  }

  // Webhooks

  listWebhooks(userId: string): Promise<NotificationWebhookRow[]> {
    return this.db.select().from(notificationWebhooks).where(eq(notificationWebhooks.userId, userId)).orderBy(asc(notificationWebhooks.createdAt));
  }

  async webhook(id: string): Promise<NotificationWebhookRow | undefined> {
    const [row] = await this.db.select().from(notificationWebhooks).where(eq(notificationWebhooks.id, id));
    return row;
  }

  async insertWebhook(values: { userId: string; url: string; events: NotificationKind[]; enabled: boolean; secretEncrypted: string }): Promise<NotificationWebhookRow> {
    const [row] = await this.db.insert(notificationWebhooks).values(values).returning();
    return row!;
  }

  async updateWebhook(id: string, patch: Partial<Pick<NotificationWebhookRow, 'url' | 'events' | 'enabled'>>): Promise<NotificationWebhookRow | undefined> {
    const [row] = await this.db
      .update(notificationWebhooks)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(notificationWebhooks.id, id))
      .returning();
    return row;
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.db.delete(notificationWebhooks).where(eq(notificationWebhooks.id, id));
  }

  /** The user's enabled webhooks that want this kind. */
  webhooksFor(userId: string, kind: NotificationKind): Promise<NotificationWebhookRow[]> {
    return this.db
      .select()
      .from(notificationWebhooks)
      .where(and(eq(notificationWebhooks.userId, userId), eq(notificationWebhooks.enabled, true), sql`${notificationWebhooks.events} @> ${JSON.stringify([kind])}::jsonb`));
  }
}
