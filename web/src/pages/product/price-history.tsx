import { Group, NativeSelect, Paper, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCityName } from '../../components/city-name.tsx';
import { Money } from '../../components/money.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { When } from '../../components/when.tsx';
import { ReadableBadge } from '../catalogue/readable-badge.tsx';
import { ScrollTable } from '../catalogue/scroll-table.tsx';
import { historyCities, historyPoints } from './history-series.ts';
import { PriceHistoryChart } from './price-history-chart.tsx';
import { type ProductDetail, usePriceHistory } from './product-api.ts';

const statusColor: Record<string, string> = { applied: 'green', pushed: 'blue', sending: 'gray', superseded: 'gray', failed: 'red' };

/** The chart of our price against the cheapest competitor within the min-max band, and every change below. */
export function PriceHistory({ product }: { product: ProductDetail }) {
  const { t } = useTranslation('product');
  const cityName = useCityName();
  const history = usePriceHistory(product.id);
  const [city, setCity] = useState('');
  const rows = history.data?.results ?? [];
  const cities = useMemo(() => historyCities(rows), [rows]);
  const points = useMemo(() => historyPoints(rows, city || null), [rows, city]);
  const band = useMemo(() => ({ min: product.min_price, max: product.max_price }), [product.min_price, product.max_price]);

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Title order={2} size="h4">
          {t('historyTitle')}
        </Title>
        {cities.length > 1 && (
          <NativeSelect
            size="xs"
            label={t('historyCity')}
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            data={[{ value: '', label: t('allCities') }, ...cities.map((c) => ({ value: c, label: cityName(c) }))]}
          />
        )}
      </Group>
      <QueryState query={history} isEmpty={(page) => page.results.length === 0} empty={<Text c="dimmed">{t('historyEmpty')}</Text>}>
        {() => (
          <>
            <PriceHistoryChart points={points} band={band} />
            <ScrollTable minWidth={640} mt="md" label={t('historyTitle')}>
              <Table verticalSpacing={4} fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('when')}</Table.Th>
                    <Table.Th>{t('city')}</Table.Th>
                    <Table.Th ta="right">{t('change')}</Table.Th>
                    <Table.Th ta="right">{t('cheapest')}</Table.Th>
                    <Table.Th>{t('reason')}</Table.Th>
                    <Table.Th>{t('status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.slice(0, 100).map((row) => (
                    <Table.Tr key={row.id}>
                      <Table.Td>
                        <When at={row.created_at} />
                      </Table.Td>
                      <Table.Td>{row.city_id ? cityName(row.city_id) : t('basePrice')}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        <Money value={row.old_price} /> → <Money value={row.new_price} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money value={row.competitor_price} />
                      </Table.Td>
                      <Table.Td>
                        {/* A manual change's reason is just "manual": the source says it in the seller's words. */}
                        {row.reason !== row.source && `${row.reason} `}
                        <Text span size="xs" c="dimmed">
                          {t(`sources.${row.source as 'manual'}`, { defaultValue: row.source })}
                        </Text>
                        {row.approved_by && (
                          <Text span size="xs" c="dimmed">
                            {' · '}
                            {t('approved')}
                          </Text>
                        )}
                        {row.error && (
                          <Text size="xs" c="red.9">
                            {row.error}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <ReadableBadge size="sm" color={statusColor[row.status] ?? 'gray'} title={row.status === 'applied' ? t('confirmed') : t('notConfirmed')}>
                          {t(`statuses.${row.status as 'applied'}`, { defaultValue: row.status })}
                        </ReadableBadge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </>
        )}
      </QueryState>
    </Paper>
  );
}
