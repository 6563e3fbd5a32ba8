import { and, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { type JobRow, type JobState, jobs } from '../../infra/db/schema.ts';
import { deleteInBatches } from '../../infra/db/sql-helpers.ts';

export type NewJob = typeof jobs.$inferInsert;

export interface JobFilter {
  userId: string;
  storeId?: string;
  state?: JobState;
  type?: string;
}

export class JobsRepository {
  constructor(private readonly db: Database) {}

  async insert(values: NewJob): Promise<JobRow> {
    const [row] = await this.db.insert(jobs).values(values).returning();
    return row!;
  }

  /**
   * Inserts the job unless one with the same dedupe key is queued or running (a partial unique index
   * decides, so two racing requests cannot both win); then returns that one instead.
   */
  async insertUnlessActive(values: NewJob & { dedupeKey: string }): Promise<{ row: JobRow; existing: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [inserted] = await this.db
        .insert(jobs)
        .values(values)
        .onConflictDoNothing({ target: jobs.dedupeKey, where: sql`${jobs.state} in ('queued', 'running')` })
        .returning();
      if (inserted) return { row: inserted, existing: false };
      const [active] = await this.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.dedupeKey, values.dedupeKey), inArray(jobs.state, ['queued', 'running'])));
      if (active) return { row: active, existing: true };
      // It finished between the two statements: try the insert again.
    }
    throw new Error(`Could not submit job ${values.dedupeKey}`);
  }

  async findById(id: string): Promise<JobRow | undefined> {
    const [row] = await this.db.select().from(jobs).where(eq(jobs.id, id));
    return row;
  }

  /**
   * Takes the job for running, with a lease of `leaseMs`. A running job is taken only once its lease
   * has run out (its run is lost), so two deliveries of one job (a queue redelivering a stalled entry,
   * a recovered entry under a fresh id) never run side by side. `attempts` then names this run.
   */
  async claim(id: string, leaseMs: number): Promise<JobRow | undefined> {
    const [row] = await this.db
      .update(jobs)
      .set({ state: 'running', attempts: sql`${jobs.attempts} + 1`, leaseUntil: leaseFromNow(leaseMs), startedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(jobs.id, id), or(eq(jobs.state, 'queued'), and(eq(jobs.state, 'running'), leaseExpired))))
      .returning();
    return row;
  }

  /** Extends the lease of run `attempt`; false when the run has lost it (taken back, or finished). */
  async renewLease(id: string, attempt: number, leaseMs: number): Promise<boolean> {
    const renewed = await this.db
      .update(jobs)
      .set({ leaseUntil: leaseFromNow(leaseMs) })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.attempts, attempt)))
      .returning({ id: jobs.id });
    return renewed.length > 0;
  }

  /** Back to `queued` between two runs of a polling job (it keeps its dedupe key). */
  async requeue(id: string, attempt: number, progress: Record<string, unknown>): Promise<JobRow | undefined> {
    const [row] = await this.db
      .update(jobs)
      .set({ state: 'queued', progress, leaseUntil: null, updatedAt: new Date() })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.attempts, attempt)))
      .returning();
    return row;
  }

  /**
   * Takes back the running jobs whose lease ran out: queued again while they have lost fewer than
   * `retries` runs, failed with `failedError` after. Returns what became of each.
   */
  async reapExpired(retries: number, failedError: string): Promise<JobRow[]> {
    const givenUp = sql`${jobs.lostRuns} >= ${retries}`;
    return this.db
      .update(jobs)
      .set({
        state: sql`case when ${givenUp} then 'failed' else 'queued' end`,
        error: sql`case when ${givenUp} then ${failedError} else ${jobs.error} end`,
        finishedAt: sql`case when ${givenUp} then now() else null end`,
        lostRuns: sql`${jobs.lostRuns} + 1`,
        leaseUntil: null,
        updatedAt: new Date(),
      })
      .where(and(eq(jobs.state, 'running'), leaseExpired))
      .returning();
  }

  /** Deletes finished jobs (completed or failed) created before `before`; queued and running ones stay. */
  deleteFinishedBefore(before: Date): Promise<number> {
    return deleteInBatches(this.db, jobs, jobs.id, and(inArray(jobs.state, ['completed', 'failed']), lt(jobs.createdAt, before)));
  }

  async setProgress(id: string, progress: Record<string, unknown>): Promise<JobRow | undefined> {
    const [row] = await this.db.update(jobs).set({ progress, updatedAt: new Date() }).where(eq(jobs.id, id)).returning();
    return row;
  }

  /**
   * Records how the job ended. With `attempt`, only if run `attempt` still holds the job: a run that
   * lost its lease (the job was taken back) must not overwrite what the next run writes.
   */
  async finish(id: string, outcome: { state: 'completed'; result: Record<string, unknown> } | { state: 'failed'; error: string }, attempt?: number): Promise<JobRow | undefined> {
    const now = new Date();
    const [row] = await this.db
      .update(jobs)
      .set(
        outcome.state === 'completed'
          ? { state: 'completed', result: outcome.result, error: null, leaseUntil: null, finishedAt: now, updatedAt: now }
          : { state: 'failed', error: outcome.error, leaseUntil: null, finishedAt: now, updatedAt: now },
      )
      .where(attempt === undefined ? eq(jobs.id, id) : and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.attempts, attempt)))
      .returning();
    return row;
  }

  /** A page of a user's jobs, newest first (index jobs_user_created_idx). */
  async list(filter: JobFilter, page: { limit: number; offset: number }): Promise<{ rows: JobRow[]; count: number }> {
    const conditions: SQL[] = [eq(jobs.userId, filter.userId)];
    if (filter.storeId) conditions.push(eq(jobs.storeId, filter.storeId));
    if (filter.state) conditions.push(eq(jobs.state, filter.state));
    if (filter.type) conditions.push(eq(jobs.type, filter.type));
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      this.db.select().from(jobs).where(where).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(page.limit).offset(page.offset),
      this.db.select({ value: count() }).from(jobs).where(where),
    ]);
    return { rows, count: total?.value ?? 0 };
  }

  async listQueued(): Promise<Pick<JobRow, 'id' | 'type'>[]> {
    return this.db.select({ id: jobs.id, type: jobs.type }).from(jobs).where(eq(jobs.state, 'queued'));
  }

  /** The store's newest job of this type (its running sync, or the last one that ended). */
  async latestForStore(storeId: string, type: string): Promise<JobRow | undefined> {
    const [row] = await this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.storeId, storeId), eq(jobs.type, type)))
      .orderBy(desc(jobs.createdAt))
      .limit(1);
    return row;
  }
}

/** A lease that has run out; none at all is a run of a process from before leases, or a crashed insert. */
const leaseExpired = or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, sql`now()`));

const leaseFromNow = (ms: number) => sql`now() + ${Math.round(ms)}::int * interval '1 millisecond'`;
