import { Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useCityName } from '../../components/city-name.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Money } from '../../components/money.tsx';
import { When } from '../../components/when.tsx';
import { ReadableBadge } from '../catalogue/readable-badge.tsx';
import { ScrollTable } from '../catalogue/scroll-table.tsx';
import type { ProductDetail } from './product-api.ts';

/**
 * The storefront's offers, read from Kaspi only when the seller asks (each read costs a storefront request,
 * and Kaspi may answer 429: the API's detail and its Retry-After are shown).
 */
export function CompetitorOffers({ product }: { product: ProductDetail }) {
  const { t } = useTranslation('product');
  const cityName = useCityName();
  const cities = product.city_prices.map((c) => c.city_id);
  const [city, setCity] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const offers = useQuery({
    queryKey: ['products', 'offers', product.id, asked],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/products/{id}/offers/', { params: { path: { id: product.id }, query: asked ? { city: asked } : {} }, signal })),
    enabled: asked !== null,
    staleTime: 30_000,
    retry: false,
  });
  const busySeconds = isApiError(offers.error) ? offers.error.retryAfter : undefined;

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">
        {t('offersTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('offersHint')}
      </Text>
      <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <NativeSelect
          label={t('offersCity')}
          value={city}
          onChange={(e) => setCity(e.currentTarget.value)}
          data={[{ value: '', label: t('allCities') }, ...cities.map((c) => ({ value: c, label: cityName(c) }))]}
        />
        <Button
          variant="light"
          loading={offers.isFetching}
          onClick={() => {
            if (asked === city) void offers.refetch();
            else setAsked(city);
          }}
        >
          {t('readOffers')}
        </Button>
      </Group>
      {offers.isFetching && (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">{t('readingOffers')}</Text>
        </Group>
      )}
      {offers.isError && !offers.isFetching && (
        <Stack gap={4}>
          <ErrorAlert error={offers.error} onRetry={() => void offers.refetch()} />
          {busySeconds !== undefined && (
            <Text size="sm" c="dimmed">
              {t('kaspiBusy', { seconds: busySeconds })}
            </Text>
          )}
        </Stack>
      )}
      {offers.data && !offers.isFetching && (
        <Stack gap="md">
          {offers.data.cities.map((c) => (
            <div key={c.city_id}>
              <Group gap="xs" mb={4} wrap="wrap">
                <Text fw={600}>{c.city_name ?? cityName(c.city_id)}</Text>
                <Text size="sm" c="dimmed">
                  {t('offersCount', { count: c.total })} · {c.our_position ? t('ourPosition', { place: c.our_position }) : t('notListed')} · {t('readAt')} <When at={c.fetched_at} />
                </Text>
              </Group>
              <ScrollTable minWidth={420} label={`${t('offersTitle')}: ${c.city_name ?? cityName(c.city_id)}`}>
                <Table verticalSpacing={2} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>#</Table.Th>
                      <Table.Th>{t('merchant')}</Table.Th>
                      <Table.Th ta="right">{t('price')}</Table.Th>
                      <Table.Th>{t('delivery')}</Table.Th>
                      <Table.Th ta="right">{t('rating')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.offers.map((o, i) => (
                      <Table.Tr key={o.merchant_id} bg={o.is_ours ? 'var(--mantine-color-blue-light)' : undefined}>
                        <Table.Td>{i + 1}</Table.Td>
                        <Table.Td>
                          {o.merchant_name ?? o.merchant_id} {o.is_ours && <ReadableBadge size="xs">{t('ours')}</ReadableBadge>}
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money value={o.price} />
                        </Table.Td>
                        <Table.Td>{o.delivery_duration}</Table.Td>
                        <Table.Td ta="right">{o.rating ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
