import { and, asc, count, desc, eq, gt, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../../infra/db/database.ts';
import {
  type PriceProposalRow,
  type ProposalCityChange,
  type ProposalMarketCity,
  type ProposalStaleReason,
  type ProposalStatus,
  priceProposals,
  products,
  type UserLanguage,
  users,
} from '../../../infra/db/schema.ts';

/** A proposal with what a list shows of its product. */
export interface ProposalWithProduct {
  proposal: PriceProposalRow;
  productName: string;
  productSku: string;
}

export interface NewDecision {
  productId: string;
  storeId: string;
  userId: string;
  changes: ProposalCityChange[];
  market: ProposalMarketCity[];
  fingerprint: string;
}

/** What recording a decision did: a new proposal, the open one confirmed, or nothing (the seller rejected this very move). */
export type RecordedDecision = { kind: 'created'; id: string } | { kind: 'confirmed'; id: string } | { kind: 'rejected_before'; id: string };

/** Closed by someone: who, where, and how it ended. */
export interface ProposalOutcome {
  status: Exclude<ProposalStatus, 'open' | 'approving'>;
  staleReason?: ProposalStaleReason | null;
  detail?: string | null;
  decidedBy?: string | null;
  decidedVia?: 'api' | 'telegram' | null;
}

/** An `approving` left by a process that died mid-approval is open again after this long. */
const APPROVING_LEASE = sql`interval '5 minutes'`;

/** All SQL of price_proposals (the repricer module owns the table). */
export class ProposalsRepository {
  constructor(private readonly db: Database) {}

  /**
   * The demper's decision for a product in approval mode, in one transaction (the product's proposals
   * locked): the same move as the newest proposal confirms it (or, if the seller rejected that very
   * move, records nothing); another move is a new proposal and every older open one becomes stale.
   */
  async recordDecision(d: NewDecision): Promise<RecordedDecision> {
    return this.db.transaction(async (tx) => {
      const [newest] = await tx.select().from(priceProposals).where(eq(priceProposals.productId, d.productId)).orderBy(desc(priceProposals.createdAt), desc(priceProposals.id)).limit(1).for('update');
      if (newest && newest.fingerprint === d.fingerprint) {
        if (newest.status === 'rejected') return { kind: 'rejected_before', id: newest.id };
        if (newest.status === 'open' || newest.status === 'approving') {
          if (newest.status === 'open') {
            await tx.update(priceProposals).set({ confirmedAt: sql`now()`, market: d.market, changes: d.changes }).where(eq(priceProposals.id, newest.id));
          }
          return { kind: 'confirmed', id: newest.id };
        }
      }
      const [created] = await tx.insert(priceProposals).values(d).returning({ id: priceProposals.id });
      await tx
        .update(priceProposals)
        .set({ status: 'stale', staleReason: 'newer_proposal', detail: 'A newer proposal exists for this product.', decidedAt: sql`now()` })
        .where(and(eq(priceProposals.productId, d.productId), eq(priceProposals.status, 'open'), ne(priceProposals.id, created!.id)));
      return { kind: 'created', id: created!.id };
    });
  }

  /** The demper no longer proposes a move for the product (its latest check holds): open proposals are stale. */
  async closeOpen(productId: string, reason: ProposalStaleReason, detail: string): Promise<number> {
    const closed = await this.db
      .update(priceProposals)
      .set({ status: 'stale', staleReason: reason, detail, decidedAt: sql`now()` })
      .where(and(eq(priceProposals.productId, productId), eq(priceProposals.status, 'open')))
      .returning({ id: priceProposals.id });
    return closed.length;
  }

  /**
   * The store left approval mode: open proposals of its products that do not ask for approval on
   * their own (`approval_mode` approve) are stale; the demper pushes or holds by itself now.
   */
  async closeOpenOutsideApproval(storeId: string, detail: string): Promise<number> {
    const stillApproving = this.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.storeId, storeId), eq(products.approvalMode, 'approve')));
    const closed = await this.db
      .update(priceProposals)
      .set({ status: 'stale', staleReason: 'no_longer_proposed', detail, decidedAt: sql`now()` })
      .where(and(eq(priceProposals.storeId, storeId), eq(priceProposals.status, 'open'), notInArray(priceProposals.productId, stillApproving)))
      .returning({ id: priceProposals.id });
    return closed.length;
  }

  async find(id: string): Promise<ProposalWithProduct | undefined> {
    const [row] = await this.db
      .select({ proposal: priceProposals, productName: products.name, productSku: products.kaspiSku })
      .from(priceProposals)
      .innerJoin(products, eq(products.id, priceProposals.productId))
      .where(eq(priceProposals.id, id));
    return row;
  }

  /** A store's proposals, newest first, optionally of some statuses. */
  async list(storeId: string, statuses: ProposalStatus[] | undefined, page: { limit: number; offset: number }): Promise<{ rows: ProposalWithProduct[]; count: number }> {
    const where = and(eq(priceProposals.storeId, storeId), statuses?.length ? inArray(priceProposals.status, statuses) : undefined);
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ proposal: priceProposals, productName: products.name, productSku: products.kaspiSku })
        .from(priceProposals)
        .innerJoin(products, eq(products.id, priceProposals.productId))
        .where(where)
        .orderBy(desc(priceProposals.createdAt), desc(priceProposals.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ value: count() }).from(priceProposals).where(where),
    ]);
    return { rows, count: total?.value ?? 0 };
  }

  /** The store's open proposals, oldest first (approve-all works through them in order). */
  async openIds(storeId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: priceProposals.id })
      .from(priceProposals)
      .where(and(eq(priceProposals.storeId, storeId), eq(priceProposals.status, 'open')))
      .orderBy(asc(priceProposals.createdAt), asc(priceProposals.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  /** Whether the product has a proposal newer than this one. */
  async newerExists(p: Pick<PriceProposalRow, 'id' | 'productId' | 'createdAt'>): Promise<boolean> {
    const [row] = await this.db
      .select({ id: priceProposals.id })
      .from(priceProposals)
      .where(and(eq(priceProposals.productId, p.productId), ne(priceProposals.id, p.id), gt(priceProposals.createdAt, p.createdAt)))
      .limit(1);
    return row !== undefined;
  }

  /**
   * Takes an open proposal for one approval (`approving`): two approvals of it at once never both
   * push. One a dead process left `approving` is taken again after a while. Undefined when not open.
   */
  async startApproval(id: string): Promise<PriceProposalRow | undefined> {
    const [row] = await this.db
      .update(priceProposals)
      .set({ status: 'approving', decidedAt: sql`now()` })
      .where(and(eq(priceProposals.id, id), sql`(${priceProposals.status} = 'open' or (${priceProposals.status} = 'approving' and ${priceProposals.decidedAt} < now() - ${APPROVING_LEASE}))`))
      .returning();
    return row;
  }

  /** An approval that sent nothing (Kaspi busy, the market could not be read): open again. */
  async reopen(id: string): Promise<void> {
    await this.db
      .update(priceProposals)
      .set({ status: 'open', decidedAt: null })
      .where(and(eq(priceProposals.id, id), eq(priceProposals.status, 'approving')));
  }

  /** Closes an open (or approving) proposal; undefined when it was already closed. */
  async close(id: string, outcome: ProposalOutcome): Promise<PriceProposalRow | undefined> {
    const [row] = await this.db
      .update(priceProposals)
      .set({
        status: outcome.status,
        staleReason: outcome.staleReason ?? null,
        detail: outcome.detail ?? null,
        decidedBy: outcome.decidedBy ?? null,
        decidedVia: outcome.decidedVia ?? null,
        decidedAt: sql`now()`,
      })
      .where(and(eq(priceProposals.id, id), inArray(priceProposals.status, ['open', 'approving'])))
      .returning();
    return row;
  }

  /** The language we write to the user in (the Telegram answer). */
  async languageOf(userId: string): Promise<UserLanguage> {
    const [row] = await this.db.select({ language: users.language }).from(users).where(eq(users.id, userId));
    return row?.language ?? 'ru';
  }
}
