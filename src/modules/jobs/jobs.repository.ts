import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { type JobRow, jobs } from '../../infra/db/schema.ts';

export type NewJob = typeof jobs.$inferInsert;

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
   * Takes the job for running. A job already running is taken again too: the queue only
   * redelivers a running job when its worker died.
   */
  async claim(id: string): Promise<JobRow | undefined> {
    const [row] = await this.db
      .update(jobs)
      .set({ state: 'running', attempts: sql`${jobs.attempts} + 1`, startedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(jobs.id, id), inArray(jobs.state, ['queued', 'running'])))
      .returning();
    return row;
  }

  /** Back to `queued` between two runs of a polling job (it keeps its dedupe key). */
  async requeue(id: string, progress: Record<string, unknown>): Promise<void> {
    await this.db
      .update(jobs)
      .set({ state: 'queued', progress, updatedAt: new Date() })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'running')));
  }

  async setProgress(id: string, progress: Record<string, unknown>): Promise<void> {
    await this.db.update(jobs).set({ progress, updatedAt: new Date() }).where(eq(jobs.id, id));
  }

  async finish(id: string, outcome: { state: 'completed'; result: Record<string, unknown> } | { state: 'failed'; error: string }): Promise<void> {
    const now = new Date();
    await this.db
      .update(jobs)
      .set(
        outcome.state === 'completed'
          ? { state: 'completed', result: outcome.result, error: null, finishedAt: now, updatedAt: now }
          : { state: 'failed', error: outcome.error, finishedAt: now, updatedAt: now },
      )
      .where(eq(jobs.id, id));
  }

  async listUnfinished(): Promise<Pick<JobRow, 'id' | 'type'>[]> {
    return this.db
      .select({ id: jobs.id, type: jobs.type })
      .from(jobs)
      .where(inArray(jobs.state, ['queued', 'running']));
  }
}
