import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

/** A job as GET /api/v1/jobs/ lists it (and the `job` events carry it). */
export type JobItem = paths['/api/v1/jobs/']['get']['responses'][200]['content']['application/json']['results'][number];

export interface JobsQuery {
  page: number;
  page_size: number;
  store_id?: string;
  state?: 'queued' | 'running' | 'completed' | 'failed';
}

interface JobsPage {
  results: JobItem[];
}

const active = (page: JobsPage | undefined) => page?.results.some((job) => job.state === 'queued' || job.state === 'running') ?? false;

/** The user's jobs, newest first. `job` events invalidate ['jobs'] (the events provider); while one runs it is also polled. */
export function useJobs(query: JobsQuery) {
  return useQuery({
    queryKey: ['jobs', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (active(q.state.data) ? 5_000 : false),
  });
}
