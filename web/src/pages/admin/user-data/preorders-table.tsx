import { Badge, Box, Button, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../../components/money.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { When } from '../../../components/when.tsx';
import { adminKeys, fetchUserPreorders, type UserPreorder } from '../admin-api.ts';
import { useListParams } from '../list-params.ts';
import { MobileCard, MobileList } from '../mobile-card.tsx';
import { Pager } from '../pager.tsx';
import { PreorderEditModal } from './preorder-edit-modal.tsx';

const statusColor: Record<string, string> = { active: 'green', pending: 'blue', failed: 'red' };

export function PreordersTable({ userId, storeNames }: { userId: string; storeNames: Map<string, string> }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { page, set } = useListParams();
  const query = useQuery({ queryKey: adminKeys.userPreorders(userId, page), queryFn: () => fetchUserPreorders(userId, page), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<UserPreorder | null>(null);
  const statusBadge = (preorder: UserPreorder) => (
    <Tooltip label={preorder.status_reason} disabled={!preorder.status_reason}>
      <Badge color={statusColor[preorder.status] ?? 'gray'} variant="dot" tt="none">
        {statusLabel(preorder.status)}
      </Badge>
    </Tooltip>
  );
  const statusLabel = (status: string) => (status === 'active' || status === 'pending' || status === 'failed' ? t(`data.status.${status}`) : status);

  return (
    <Stack gap="sm">
      <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<Text c="dimmed">{t('data.noPreorders')}</Text>}>
        {(data) => (
          <>
            <Box visibleFrom="sm">
              <Table.ScrollContainer minWidth={780}>
                <Table striped verticalSpacing="xs" aria-label={t('data.preorders')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('data.product')}</Table.Th>
                      <Table.Th>{t('data.shop')}</Table.Th>
                      <Table.Th ta="right">{t('data.price')}</Table.Th>
                      <Table.Th ta="right">{t('data.deliveryDays')}</Table.Th>
                      <Table.Th>{t('data.status.label')}</Table.Th>
                      <Table.Th>{t('data.updated')}</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>{tc('edit')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.results.map((preorder) => (
                      <Table.Tr key={preorder.id}>
                        <Table.Td>
                          <Text size="sm" fw={500} lineClamp={2} maw={320}>
                            {preorder.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t('data.article', { article: preorder.article })}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{storeNames.get(preorder.store_id) ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money value={preorder.price} />
                        </Table.Td>
                        <Table.Td ta="right">{t('data.days', { days: preorder.delivery_days })}</Table.Td>
                        <Table.Td>{statusBadge(preorder)}</Table.Td>
                        <Table.Td>
                          <When at={preorder.updated_at} />
                        </Table.Td>
                        <Table.Td>
                          <Button variant="default" size="compact-sm" onClick={() => setEditing(preorder)} aria-label={t('data.editPreorder', { name: preorder.name })}>
                            {tc('edit')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Box>
            <MobileList label={t('data.preorders')}>
              {data.results.map((preorder) => (
                <MobileCard
                  key={preorder.id}
                  title={preorder.name}
                  badges={statusBadge(preorder)}
                  facts={[
                    [t('data.article', { article: '' }).trim(), preorder.article],
                    [t('data.shop'), storeNames.get(preorder.store_id) ?? '—'],
                    [t('data.price'), <Money key="p" value={preorder.price} />],
                    [t('data.deliveryDays'), t('data.days', { days: preorder.delivery_days })],
                    [t('data.updated'), <When key="u" at={preorder.updated_at} />],
                  ]}
                  actions={
                    <Button variant="default" size="compact-sm" onClick={() => setEditing(preorder)} aria-label={t('data.editPreorder', { name: preorder.name })}>
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
      {editing && <PreorderEditModal preorder={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
