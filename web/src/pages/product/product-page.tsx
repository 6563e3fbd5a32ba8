import { Anchor, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useServerEvent } from '../../events/server-events.tsx';
import { CompetitorOffers } from './competitor-offers.tsx';
import { ManualPrice } from './manual-price.tsx';
import { PriceHistory } from './price-history.tsx';
import { useProduct } from './product-api.ts';
import { ProductRules } from './product-rules.tsx';
import { ProductSchedule } from './product-schedule.tsx';
import { ProductStatus } from './product-status.tsx';

/** One product: where it stands in each city first, then competitors, history, rules and a manual price. */
export function ProductPage() {
  const { t } = useTranslation('product');
  const { id = '' } = useParams();
  const product = useProduct(id);
  const queryClient = useQueryClient();

  // A price change of this product (the demper's, a manual one elsewhere, a confirmation): refetch.
  useServerEvent('price_change', (event) => {
    if (event.product_id !== id) return;
    void queryClient.invalidateQueries({ queryKey: ['products', 'one', id] });
    void queryClient.invalidateQueries({ queryKey: ['products', 'history', id] });
  });

  return (
    <>
      <Anchor component={Link} to="/products" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('back')}
      </Anchor>
      <QueryState query={product}>
        {(p) => (
          <>
            <PageHeader title={p.name} />
            <Group gap="sm" mt={-8} mb="md" wrap="wrap">
              <Text size="sm" c="dimmed">
                {t('sku', { sku: p.kaspi_sku })}
              </Text>
              {p.shop_link && (
                <Anchor href={p.shop_link} target="_blank" rel="noreferrer" size="sm">
                  {t('openOnKaspi')}
                </Anchor>
              )}
            </Group>
            <Stack gap="md">
              <ProductStatus product={p} />
              <ProductSchedule product={p} />
              <PriceHistory product={p} />
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                <ManualPrice product={p} />
                <ProductRules product={p} />
              </SimpleGrid>
              <CompetitorOffers product={p} />
            </Stack>
          </>
        )}
      </QueryState>
    </>
  );
}
