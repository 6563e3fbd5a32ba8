import { Alert, Anchor, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCityName } from '../../components/city-name.tsx';
import { Money } from '../../components/money.tsx';
import { When } from '../../components/when.tsx';
import { ReadableBadge } from '../catalogue/readable-badge.tsx';
import { ScrollTable } from '../catalogue/scroll-table.tsx';
import type { ProductDetail } from './product-api.ts';

/** Status first: per city our price, our place and the cheapest competitor, from the demper's last check. */
export function ProductStatus({ product }: { product: ProductDetail }) {
  const { t } = useTranslation('product');
  const cityName = useCityName();
  const market = new Map(product.market.map((m) => [m.city_id, m]));
  const cities = [...new Set([...product.city_prices.map((c) => c.city_id), ...product.market.map((m) => m.city_id)])];
  const demperError = (product.demper_state as { error?: string | null } | null)?.error;
  const proposalId = (product.demper_state as { proposal_id?: string | null } | null)?.proposal_id;
  // Why competitors cannot be seen, in the seller's language when the API gives a known code.
  const code = product.not_repriceable_code;
  const why = code === 'no_product_id' || code === 'no_shop_link' ? t(`notRepriceableWhy.${code}`) : product.not_repriceable_reason;
  return (
    <Paper withBorder p="md">
      <Group gap="xs" mb="sm" wrap="wrap">
        <ReadableBadge color={product.bot_active ? 'green' : 'gray'}>{product.bot_active ? t('demperOn') : t('demperOff')}</ReadableBadge>
        <ReadableBadge color={product.effective_approval_mode === 'auto' ? 'gray' : 'blue'}>{t('modeBadge', { mode: t(`approvalModes.${product.effective_approval_mode}`) })}</ReadableBadge>
        {!product.repriceable && (
          <ReadableBadge color="orange" title={why ?? undefined}>
            {t('notRepriceable')}
          </ReadableBadge>
        )}
        <Text size="sm" c="dimmed">
          {t('lastCheck')}: {product.last_check_time ? <When at={product.last_check_time} /> : t('never')}
        </Text>
        {product.bot_active && product.next_check_at && (
          <Text size="sm" c="dimmed">
            {t('nextCheck')}: <When at={product.next_check_at} />
          </Text>
        )}
      </Group>
      {product.effective_approval_mode === 'approve' && proposalId && (
        <Alert color="blue" variant="light" mb="sm">
          <Anchor component={Link} to={`/demper/${product.store_id}`}>
            {t('awaitingApproval')}
          </Anchor>
        </Alert>
      )}
      {demperError && (
        <Alert color="red" variant="light" mb="sm" title={t('demperError')}>
          {demperError}
        </Alert>
      )}
      {!product.repriceable && why && (
        <Text size="sm" mb="sm">
          {why}
        </Text>
      )}
      <Title order={2} size="h4" mb="xs">
        {t('statusTitle')}
      </Title>
      {cities.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('noCities')}
        </Text>
      ) : (
        <ScrollTable minWidth={420} label={t('statusTitle')}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('city')}</Table.Th>
                <Table.Th ta="right">{t('ourPrice')}</Table.Th>
                <Table.Th>{t('place')}</Table.Th>
                <Table.Th ta="right">{t('cheapest')}</Table.Th>
                <Table.Th>{t('checked')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cities.map((city) => {
                const m = market.get(city);
                const ours = product.city_prices.find((c) => c.city_id === city)?.price ?? product.price;
                return (
                  <Table.Tr key={city}>
                    <Table.Td>{cityName(city)}</Table.Td>
                    <Table.Td ta="right">
                      <Money value={ours} />
                    </Table.Td>
                    <Table.Td>
                      {!m ? (
                        '—'
                      ) : m.place === null ? (
                        <ReadableBadge color="gray" size="sm">
                          {t('notListed')}
                        </ReadableBadge>
                      ) : (
                        <ReadableBadge color={m.place === 1 ? 'green' : m.place <= 3 ? 'yellow' : 'red'} size="sm">
                          {t('placeN', { place: m.place })}
                        </ReadableBadge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{!m ? '—' : m.cheapest_competitor_price === null ? t('noCompetitor') : <Money value={m.cheapest_competitor_price} />}</Table.Td>
                    <Table.Td>{m ? <When at={m.checked_at} /> : '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}
