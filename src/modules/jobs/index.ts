import type { AppModule, Infra } from '../module.ts';
import { pingJobHandler } from './job-handler.ts';
import { JobsRepository } from './jobs.repository.ts';
import { jobsRoutes } from './jobs.routes.ts';
import { JobsService } from './jobs.service.ts';

export { type JobContext, type JobHandler, RunAgainLater } from './job-handler.ts';
export type { JobsService } from './jobs.service.ts';

/** Long work (table jobs): state, progress and result, whichever queue moves it. */
export function createJobsModule(infra: Infra): AppModule<{ jobs: JobsService }> {
  const jobs = new JobsService(new JobsRepository(infra.db), infra.queue, infra.log);
  return { name: 'jobs', services: { jobs }, jobs: [pingJobHandler], routes: jobsRoutes };
}
