import { Button, Card, Checkbox, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/money.tsx';
import type { ProductRow } from './products-api.ts';
import { ProductName } from './products-table.tsx';
import { CheapestCell, DemperSwitch, PlaceCell, PriceCell } from './row-parts.tsx';
import { RulesModal } from './rules-modal.tsx';
import { isSelected, type Selection } from './selection.ts';

/** The phone's catalogue: one card per product, reading first; rules open in a small form. */
export function ProductCards({ rows, selection, onToggleRow }: { rows: ProductRow[]; selection: Selection; onToggleRow: (id: string) => void }) {
  const { t } = useTranslation('catalogue');
  const [editing, setEditing] = useState<ProductRow | null>(null);
  return (
    <Stack gap="sm">
      {rows.map((row) => (
        <Card key={row.id} withBorder padding="sm" data-product-id={row.id}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Checkbox aria-label={t('selectRow', { product: row.name })} checked={isSelected(selection, row.id)} onChange={() => onToggleRow(row.id)} mt={2} />
            <div style={{ flex: 1, minWidth: 0 }}>
              <ProductName row={row} />
            </div>
            <DemperSwitch row={row} />
          </Group>
          <SimpleGrid cols={3} spacing="xs" mt="xs">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('columns.price')}
              </Text>
              <PriceCell row={row} />
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('columns.place')}
              </Text>
              <PlaceCell row={row} />
            </Stack>
            <Stack gap={0} align="flex-end">
              <Text size="xs" c="dimmed" ta="right">
                {t('columns.cheapest')}
              </Text>
              <CheapestCell row={row} />
            </Stack>
          </SimpleGrid>
          <Group justify="space-between" mt="xs" wrap="nowrap">
            <Text size="xs" c="dimmed">
              <Money value={row.min_price} /> – <Money value={row.max_price} /> · {t(`strategies.${row.strategy as 'manual'}`, { defaultValue: row.strategy })}
            </Text>
            <Button size="compact-xs" variant="light" onClick={() => setEditing(row)}>
              {t('editProduct')}
            </Button>
          </Group>
        </Card>
      ))}
      {editing && <RulesModal target={{ kind: 'one', row: editing }} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
