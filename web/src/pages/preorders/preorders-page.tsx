import { Box, Button, Group, Pagination, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { readableDimmed } from '../../components/readable.ts';
import { type StoreLike, StorePicker, useStoreList } from '../../components/store-picker.tsx';
import { useServerEvent } from '../../events/server-events.tsx';
import { CreatePreorderModal } from './create-preorder-modal.tsx';
import { ChangeDaysModal, RemoveModal } from './preorder-actions.tsx';
import { PreorderList } from './preorder-list.tsx';
import { listQuery, type Preorder, type PreorderStatus, preorderStatuses } from './preorder-request.ts';
import { PriceListActions } from './price-list-actions.tsx';

const PAGE_SIZE = 50;

function NoShops() {
  const { t } = useTranslation('preorders');
  return (
    <Stack align="center" gap="sm">
      <Text c="dimmed">{t('noShops')}</Text>
      <Button component={Link} to="/shops">
        {t('linkShop')}
      </Button>
    </Stack>
  );
}

function Preorders({ stores }: { stores: StoreLike[] }) {
  const { t } = useTranslation('preorders');
  const queryClient = useQueryClient();
  // Filters live in the address, so a reload or a shared link shows the same list.
  const [params, setParams] = useSearchParams();
  const onlyStore = stores.length === 1 ? stores[0]!.id : null;
  const storeId = params.get('store') ?? onlyStore;
  const statusParam = params.get('status');
  const status: PreorderStatus | 'all' = preorderStatuses.includes(statusParam as PreorderStatus) ? (statusParam as PreorderStatus) : 'all';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  const [creating, setCreating] = useState(false);
  const [changing, setChanging] = useState<Preorder | null>(null);
  const [removing, setRemoving] = useState<Preorder | null>(null);

  const setFilter = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );

  const query = listQuery({ storeId, status, search: debounced, page, pageSize: PAGE_SIZE });
  const list = useQuery({
    queryKey: ['preorders', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/preorders/', { params: { query } })),
    placeholderData: keepPreviousData,
    // A pushed preorder is pending until the storefront shows it (a background check): look again meanwhile.
    refetchInterval: (q) => (q.state.data?.results.some((p) => p.status === 'pending') ? 3_000 : false),
  });
  // The check that settles a preorder runs as a job: its events say when to look again.
  useServerEvent('job', (job) => {
    if (job.type.startsWith('preorders')) void queryClient.invalidateQueries({ queryKey: ['preorders'] });
  });

  const pages = list.data ? Math.max(1, Math.ceil(list.data.count / PAGE_SIZE)) : 1;
  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('create')}
          </Button>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          {stores.length > 1 && <StorePicker stores={stores} value={storeId} onChange={(id) => setFilter({ store: id })} label={t('shop')} allLabel={t('allShops')} />}
          <TextInput label={t('searchLabel')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 280 }} type="search" />
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="preorder-status-filter">
            {t('statusFilter')}
          </Text>
          <SegmentedControl
            aria-labelledby="preorder-status-filter"
            value={status}
            onChange={(v) => setFilter({ status: v === 'all' ? null : v })}
            data={(['all', ...preorderStatuses] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
            fullWidth
            maw={520}
          />
        </Stack>
        {storeId ? (
          <PriceListActions storeId={storeId} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('fileNeedsShop')}
          </Text>
        )}
        <QueryState query={list} isEmpty={(data) => data.count === 0} empty={<Text c="dimmed">{t('empty')}</Text>}>
          {(data) => (
            <Stack gap="sm">
              <PreorderList preorders={data.results} stores={stores} onChangeDays={setChanging} onRemove={setRemoving} />
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {t('pageOf', { count: data.count })}
                </Text>
                {pages > 1 && <Pagination total={pages} value={page} onChange={(p) => setFilter({ page: String(p) })} size="sm" />}
              </Group>
            </Stack>
          )}
        </QueryState>
      </Stack>
      <CreatePreorderModal opened={creating} stores={stores} storeId={storeId} onClose={() => setCreating(false)} />
      {changing && <ChangeDaysModal preorder={changing} onClose={() => setChanging(null)} />}
      <RemoveModal preorder={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

/** Preorders of every shop (or one): status tabs, create one or a batch, change days, remove, the XLSX price list. */
export function PreordersPage() {
  const { t } = useTranslation('preorders');
  const stores = useStoreList();
  return (
    <Box style={readableDimmed}>
      <QueryState
        query={stores}
        isEmpty={(list) => list.length === 0}
        empty={
          <>
            <PageHeader title={t('title')} />
            <NoShops />
          </>
        }
      >
        {(list) => <Preorders stores={list} />}
      </QueryState>
    </Box>
  );
}
