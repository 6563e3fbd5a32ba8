import { Anchor, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EditableRule, EditableStrategy } from './editable-rule.tsx';
import type { ProductRow } from './products-api.ts';
import { ReadableBadge } from './readable-badge.tsx';
import { CheapestCell, DemperSwitch, PlaceCell, PriceCell } from './row-parts.tsx';
import { ScrollTable } from './scroll-table.tsx';
import { isSelected, pageState, type Selection } from './selection.ts';

interface Props {
  rows: ProductRow[];
  selection: Selection;
  onToggleRow: (id: string) => void;
  onTogglePage: () => void;
}

/** The desktop table: reading columns first (price, place, competitor), then the rules edited in place. */
export function ProductsTable({ rows, selection, onToggleRow, onTogglePage }: Props) {
  const { t } = useTranslation('catalogue');
  const state = pageState(
    selection,
    rows.map((r) => r.id),
  );
  const column = (key: 'minPrice' | 'maxPrice' | 'step' | 'strategy') => t(`columns.${key}`);
  return (
    <ScrollTable minWidth={1100} label={t('title')}>
      <Table striped highlightOnHover verticalSpacing={6} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox aria-label={t('selectPage')} checked={state === 'all'} indeterminate={state === 'some'} onChange={onTogglePage} />
            </Table.Th>
            <Table.Th miw={220}>{t('columns.product')}</Table.Th>
            <Table.Th ta="right">{t('columns.price')}</Table.Th>
            <Table.Th miw={110}>{t('columns.place')}</Table.Th>
            <Table.Th ta="right">{t('columns.cheapest')}</Table.Th>
            <Table.Th ta="right">{column('minPrice')}</Table.Th>
            <Table.Th ta="right">{column('maxPrice')}</Table.Th>
            <Table.Th ta="right">{column('step')}</Table.Th>
            <Table.Th miw={160}>{column('strategy')}</Table.Th>
            <Table.Th>{t('columns.demper')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} data-product-id={row.id}>
              <Table.Td>
                <Checkbox aria-label={t('selectRow', { product: row.name })} checked={isSelected(selection, row.id)} onChange={() => onToggleRow(row.id)} />
              </Table.Td>
              <Table.Td maw={340}>
                <ProductName row={row} />
              </Table.Td>
              <Table.Td ta="right">
                <PriceCell row={row} />
              </Table.Td>
              <Table.Td>
                <PlaceCell row={row} />
              </Table.Td>
              <Table.Td ta="right">
                <CheapestCell row={row} />
              </Table.Td>
              <Table.Td ta="right">
                <EditableRule row={row} field="min_price" label={column('minPrice')} />
              </Table.Td>
              <Table.Td ta="right">
                <EditableRule row={row} field="max_price" label={column('maxPrice')} />
              </Table.Td>
              <Table.Td ta="right">
                <EditableRule row={row} field="step" label={column('step')} />
              </Table.Td>
              <Table.Td miw={150}>
                <EditableStrategy row={row} label={column('strategy')} />
              </Table.Td>
              <Table.Td>
                <DemperSwitch row={row} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Name (a link to the product page), SKU, and the badges that explain a row that cannot be repriced. */
export function ProductName({ row }: { row: ProductRow }) {
  const { t } = useTranslation('catalogue');
  return (
    <Stack gap={2}>
      <Anchor component={Link} to={`/products/${row.id}`} size="sm" fw={500} lineClamp={2}>
        {row.name}
      </Anchor>
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          {t('sku', { sku: row.kaspi_sku })}
        </Text>
        {row.kaspi_status === 'removed' && (
          <ReadableBadge size="xs" color="gray">
            {t('removed')}
          </ReadableBadge>
        )}
        {!row.repriceable && (
          <ReadableBadge size="xs" color="orange" title={row.not_repriceable_reason ?? undefined}>
            {t('notRepriceable')}
          </ReadableBadge>
        )}
      </Group>
    </Stack>
  );
}
