import { Anchor, Badge, Box, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/query-state.tsx';
import { When } from '../../../components/when.tsx';
import { type AdminStore, adminKeys, fetchStores } from '../admin-api.ts';
import { useListParams } from '../list-params.ts';
import { MobileCard, MobileList } from '../mobile-card.tsx';
import { Pager } from '../pager.tsx';
import { parseUuid } from '../paging.ts';
import { SearchBox } from '../search-box.tsx';
import { userDataPath } from '../user-data/user-data-path.ts';
import { DemperCell } from './demper-cell.tsx';
import { SessionBadge } from './session-badge.tsx';

/** Every shop across users with its owner and its health: the Kaspi session, the last sync, the demper and its pauses. */
export function ShopsTab() {
  const { t } = useTranslation('admin');
  const { page, get, set } = useListParams();
  const search = get('search');
  const userId = parseUuid(get('user_id'));
  const query = useQuery({ queryKey: adminKeys.stores(search, userId, page), queryFn: () => fetchStores(search, userId, page), placeholderData: keepPreviousData });
  const ownerEmail = userId ? query.data?.results[0]?.owner_email : undefined;

  return (
    <Stack gap="sm">
      <SearchBox label={t('shops.search')} value={search} onSearch={(value) => set({ search: value })} />
      {userId && (
        <Group gap="xs">
          <Badge variant="dot" size="lg" tt="none">
            {t('shops.ofUser', { email: ownerEmail ?? userId })}
          </Badge>
          <Button variant="subtle" size="compact-sm" leftSection={<IconX size={14} aria-hidden />} onClick={() => set({ user_id: null })}>
            {t('shops.allUsers')}
          </Button>
        </Group>
      )}
      <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<Text c="dimmed">{t('shops.none')}</Text>}>
        {(data) => (
          <>
            <Box visibleFrom="sm">
              <Table.ScrollContainer minWidth={900}>
                <Table striped verticalSpacing="xs" aria-label={t('shops.tableLabel')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('shops.shop')}</Table.Th>
                      <Table.Th>{t('shops.owner')}</Table.Th>
                      <Table.Th>{t('shops.session')}</Table.Th>
                      <Table.Th>{t('shops.sync')}</Table.Th>
                      <Table.Th>{t('shops.demper')}</Table.Th>
                      <Table.Th ta="right">{t('shops.products')}</Table.Th>
                      <Table.Th>{t('shops.data')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.results.map((store) => (
                      <Table.Tr key={store.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {store.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t('shops.merchant', { id: store.merchant_id })}
                            {!store.is_active && ` · ${t('shops.inactive')}`}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={`/admin/users?search=${encodeURIComponent(store.owner_email)}`} size="sm">
                            {store.owner_email}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <SessionBadge store={store} />
                        </Table.Td>
                        <Table.Td>
                          {store.last_sync ? (
                            <When at={store.last_sync} />
                          ) : (
                            <Text size="sm" c="dimmed">
                              {t('shops.neverSynced')}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <DemperCell storeId={store.id} />
                        </Table.Td>
                        <Table.Td ta="right">{store.products_count}</Table.Td>
                        <Table.Td>
                          <DataLinks store={store} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Box>
            <MobileList label={t('shops.tableLabel')}>
              {data.results.map((store) => (
                <ShopCard key={store.id} store={store} />
              ))}
            </MobileList>
            <Pager page={page} count={data.count} onPage={(next) => set({ page: next })} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function DataLinks({ store }: { store: AdminStore }) {
  const { t } = useTranslation('admin');
  return (
    <Group gap={8} wrap="nowrap">
      <Anchor component={Link} to={userDataPath(store.user_id, store.owner_email)} size="sm">
        {t('shops.productsLink')}
      </Anchor>
      <Anchor component={Link} to={userDataPath(store.user_id, store.owner_email, 'preorders')} size="sm">
        {t('shops.preordersLink')}
      </Anchor>
    </Group>
  );
}

function ShopCard({ store }: { store: AdminStore }) {
  const { t } = useTranslation('admin');
  return (
    <MobileCard
      title={store.name}
      badges={<SessionBadge store={store} />}
      facts={[
        [t('shops.owner'), store.owner_email],
        [t('shops.merchant', { id: '' }).trim(), store.merchant_id + (store.is_active ? '' : ` · ${t('shops.inactive')}`)],
        [t('shops.sync'), store.last_sync ? <When key="s" at={store.last_sync} /> : t('shops.neverSynced')],
        [t('shops.demper'), <DemperCell key="d" storeId={store.id} />],
        [t('shops.products'), String(store.products_count)],
      ]}
      actions={<DataLinks store={store} />}
    />
  );
}
