import { Badge, Box, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../../components/money.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { adminKeys, fetchUserProducts, type UserProduct } from '../admin-api.ts';
import { useListParams } from '../list-params.ts';
import { MobileCard, MobileList } from '../mobile-card.tsx';
import { Pager } from '../pager.tsx';
import { SearchBox } from '../search-box.tsx';
import { ProductEditModal } from './product-edit-modal.tsx';

export function ProductsTable({ userId, storeNames }: { userId: string; storeNames: Map<string, string> }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { page, get, set } = useListParams();
  const search = get('search');
  const query = useQuery({ queryKey: adminKeys.userProducts(userId, search, page), queryFn: () => fetchUserProducts(userId, search, page), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<UserProduct | null>(null);

  return (
    <Stack gap="sm">
      <SearchBox label={t('data.searchProducts')} value={search} onSearch={(value) => set({ search: value })} />
      <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<Text c="dimmed">{t('data.noProducts')}</Text>}>
        {(data) => (
          <>
            <Box visibleFrom="sm">
              <Table.ScrollContainer minWidth={780}>
                <Table striped verticalSpacing="xs" aria-label={t('data.products')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('data.product')}</Table.Th>
                      <Table.Th>{t('data.shop')}</Table.Th>
                      <Table.Th ta="right">{t('data.price')}</Table.Th>
                      <Table.Th ta="right">{t('data.minPrice')}</Table.Th>
                      <Table.Th ta="right">{t('data.maxPrice')}</Table.Th>
                      <Table.Th>{t('data.demper')}</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>{tc('edit')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.results.map((product) => (
                      <Table.Tr key={product.id}>
                        <Table.Td>
                          <Text size="sm" fw={500} lineClamp={2} maw={320}>
                            {product.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t('data.sku', { sku: product.kaspi_sku })}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{storeNames.get(product.store_id) ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money value={product.price} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money value={product.min_price} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money value={product.max_price} />
                        </Table.Td>
                        <Table.Td>
                          <DemperBadge on={product.bot_active} />
                        </Table.Td>
                        <Table.Td>
                          <Button variant="default" size="compact-sm" onClick={() => setEditing(product)} aria-label={t('data.editProduct', { name: product.name })}>
                            {tc('edit')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Box>
            <MobileList label={t('data.products')}>
              {data.results.map((product) => (
                <MobileCard
                  key={product.id}
                  title={product.name}
                  badges={<DemperBadge on={product.bot_active} />}
                  facts={[
                    [t('data.sku', { sku: '' }).trim(), product.kaspi_sku],
                    [t('data.shop'), storeNames.get(product.store_id) ?? '—'],
                    [t('data.price'), <Money key="p" value={product.price} />],
                    [t('data.minPrice'), <Money key="min" value={product.min_price} />],
                    [t('data.maxPrice'), <Money key="max" value={product.max_price} />],
                  ]}
                  actions={
                    <Button variant="default" size="compact-sm" onClick={() => setEditing(product)} aria-label={t('data.editProduct', { name: product.name })}>
                      {tc('edit')}
                    </Button>
                  }
                />
              ))}
            </MobileList>
            <Pager page={page} count={data.count} onPage={(next) => set({ page: next })} />
          </>
        )}
      </QueryState>
      {editing && <ProductEditModal product={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function DemperBadge({ on }: { on: boolean }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={on ? 'green' : 'gray'} variant="dot" tt="none">
      {on ? t('data.demperOn') : t('data.demperOff')}
    </Badge>
  );
}
