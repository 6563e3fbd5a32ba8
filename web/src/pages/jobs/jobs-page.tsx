import { Group, Pagination, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useStores } from '../shops/shops-api.ts';
import { JobCard } from './job-card.tsx';
import { useJobs } from './jobs-api.ts';

const PAGE_SIZE = 20;
const states = ['queued', 'running', 'completed', 'failed'] as const;

/** /jobs: the user's background jobs, newest first, filtered by shop and state (kept in the address, so a link shows the same list). */
export function JobsPage() {
  const { t } = useTranslation('jobs');
  const [params, setParams] = useSearchParams();
  const storeId = params.get('store_id') ?? undefined;
  // A state the API does not know (an edited address) is dropped rather than sent for a 400.
  const state = states.find((known) => known === params.get('state'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const jobs = useJobs({ page, page_size: PAGE_SIZE, ...(storeId && { store_id: storeId }), ...(state && { state }) });
  const stores = useStores();
  const names = new Map((stores.data?.results ?? []).map((s) => [s.id, s.name]));

  function setFilter(key: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  }

  const filtered = Boolean(storeId || state);
  return (
    <>
      <PageHeader title={t('title')} />
      <Text c="gray.7" size="sm" mb="md">
        {t('intro')}
      </Text>
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <Select
          label={t('filters.shop')}
          placeholder={t('filters.allShops')}
          data={(stores.data?.results ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={storeId ?? null}
          onChange={(value) => setFilter('store_id', value)}
          clearable
          w={{ base: '100%', xs: 240 }}
        />
        <Select
          label={t('filters.state')}
          placeholder={t('state.all')}
          data={states.map((s) => ({ value: s, label: t(`state.${s}`) }))}
          value={state ?? null}
          onChange={(value) => setFilter('state', value)}
          clearable
          w={{ base: '100%', xs: 200 }}
        />
      </Group>
      <QueryState query={jobs} isEmpty={(data) => data.results.length === 0} empty={<Text c="gray.7">{filtered ? t('emptyFiltered') : t('empty')}</Text>}>
        {(data) => (
          <Stack gap="sm">
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {data.results.map((job) => (
                <JobCard key={job.id} job={job} shopName={job.store_id ? (names.get(job.store_id) ?? null) : null} />
              ))}
            </Stack>
            {data.count > PAGE_SIZE && (
              <Group justify="center">
                <Pagination total={Math.ceil(data.count / PAGE_SIZE)} value={page} onChange={(p) => setFilter('page', String(p))} />
              </Group>
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
