import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconCalendarEvent, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCityName } from '../../components/city-name.tsx';
import type { StoreLike } from '../../components/store-picker.tsx';
import { When } from '../../components/when.tsx';
import type { Preorder } from './preorder-request.ts';

const statusColor: Record<string, string> = { pending: 'blue', active: 'green', failed: 'red' };

export function StatusBadge({ preorder }: { preorder: Preorder }) {
  const { t } = useTranslation('preorders');
  const known = preorder.status === 'pending' || preorder.status === 'active' || preorder.status === 'failed';
  return (
    <Stack gap={2}>
      <Badge color={statusColor[preorder.status] ?? 'gray'} variant="dot" title={known ? t(`statusHint.${preorder.status as 'pending'}`) : undefined}>
        {known ? t(`statuses.${preorder.status as 'pending'}`) : preorder.status}
      </Badge>
      {preorder.status_reason && (
        <Text size="xs" c={preorder.status === 'failed' ? 'red.9' : 'dimmed'} maw={320}>
          {preorder.status_reason}
        </Text>
      )}
    </Stack>
  );
}

/** "PP1 (Алматы): 7 шт.": the point by name with its city beside it, as the shop describes its points. */
function Points({ preorder, store }: { preorder: Preorder; store: StoreLike | undefined }) {
  const { t } = useTranslation('preorders');
  const cityName = useCityName();
  if (!preorder.warehouses.length) return <Text size="sm">—</Text>;
  return (
    <Stack gap={0}>
      {preorder.warehouses.map((w) => {
        const point = store?.points.find((p) => p.name === w.point);
        const city = point ? (point.city_id ? cityName(point.city_id) : point.city_name) : null;
        return (
          <Text size="sm" key={w.point} style={{ whiteSpace: 'nowrap' }}>
            {w.point}
            {city ? ` (${city})` : ''}: {t('quantity', { count: w.quantity })}
          </Text>
        );
      })}
    </Stack>
  );
}

interface ListProps {
  preorders: Preorder[];
  stores: StoreLike[];
  onChangeDays: (p: Preorder) => void;
  onRemove: (p: Preorder) => void;
}

function Actions({ preorder, onChangeDays, onRemove }: { preorder: Preorder } & Pick<ListProps, 'onChangeDays' | 'onRemove'>) {
  const { t } = useTranslation('preorders');
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="compact-sm" variant="default" leftSection={<IconCalendarEvent size={14} aria-hidden />} onClick={() => onChangeDays(preorder)} aria-label={`${t('changeDays')}: ${preorder.name}`}>
        {t('changeDays')}
      </Button>
      <Button size="compact-sm" variant="default" c="red.9" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => onRemove(preorder)} aria-label={`${t('remove')}: ${preorder.name}`}>
        {t('remove')}
      </Button>
    </Group>
  );
}

function ProductCell({ preorder, store, showShop }: { preorder: Preorder; store: StoreLike | undefined; showShop: boolean }) {
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={`/products/${preorder.product_id}`} fw={600}>
        {preorder.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {preorder.article}
        {showShop && store ? ` · ${store.name}` : ''}
      </Text>
    </Stack>
  );
}

/** A table on a desktop; on a phone each preorder is a card (a seven-column table does not fit 360 px). */
export function PreorderList({ preorders, stores, onChangeDays, onRemove }: ListProps) {
  const { t } = useTranslation('preorders');
  const storeOf = (id: string) => stores.find((s) => s.id === id);
  const showShop = stores.length > 1;
  return (
    <>
      <Table visibleFrom="md" striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.product')}</Table.Th>
            <Table.Th>{t('columns.points')}</Table.Th>
            <Table.Th>{t('columns.days')}</Table.Th>
            <Table.Th>{t('columns.status')}</Table.Th>
            <Table.Th>{t('columns.updated')}</Table.Th>
            <Table.Th>{t('columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preorders.map((p) => (
            <Table.Tr key={p.id} data-preorder={p.id}>
              <Table.Td>
                <ProductCell preorder={p} store={storeOf(p.store_id)} showShop={showShop} />
              </Table.Td>
              <Table.Td>
                <Points preorder={p} store={storeOf(p.store_id)} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{t('days', { count: p.delivery_days })}</Table.Td>
              <Table.Td>
                <StatusBadge preorder={p} />
              </Table.Td>
              <Table.Td>
                <When at={p.updated_at} />
              </Table.Td>
              <Table.Td>
                <Actions preorder={p} onChangeDays={onChangeDays} onRemove={onRemove} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack hiddenFrom="md" gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {preorders.map((p) => (
          <li key={p.id} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: 12 }}>
            <Stack gap="xs">
              <ProductCell preorder={p} store={storeOf(p.store_id)} showShop={showShop} />
              <Group justify="space-between" align="flex-start">
                <Points preorder={p} store={storeOf(p.store_id)} />
                <Text size="sm">{t('days', { count: p.delivery_days })}</Text>
              </Group>
              <Group justify="space-between" align="flex-start">
                <StatusBadge preorder={p} />
                <Text size="xs" c="dimmed">
                  <When at={p.updated_at} />
                </Text>
              </Group>
              <Actions preorder={p} onChangeDays={onChangeDays} onRemove={onRemove} />
            </Stack>
          </li>
        ))}
      </Stack>
    </>
  );
}
