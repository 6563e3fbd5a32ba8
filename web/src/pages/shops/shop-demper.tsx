import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { demperState } from './shop-health.ts';
import { type Store, useDemperStatus } from './shops-api.ts';
import { StatusBadge } from './status-badge.tsx';
import { StatusRow } from './status-row.tsx';

/** The products counts (the demper status's, and the last sync's count of offers without a product link) and the demper's state. */
export function ShopDemper({ store, notRepriceable }: { store: Store; notRepriceable: number }) {
  const { t } = useTranslation('shops');
  const language = useLanguage();
  const status = useDemperStatus(store.id);
  const data = status.data;
  const state = data ? demperState(data) : null;

  return (
    <>
      <StatusRow label={t('products.label')}>
        <Stack gap={2}>
          <Group gap="md" wrap="wrap" style={{ rowGap: 2 }}>
            <Text size="sm">
              <b>{store.products_count}</b> {t('products.total')}
            </Text>
            {data && (
              <>
                <Text size="sm">
                  <b>{data.products_enabled}</b> {t('products.enabled')}
                </Text>
                <Text size="sm">
                  <b>{data.products_repriceable}</b> {t('products.repriceable')}
                </Text>
              </>
            )}
            {notRepriceable > 0 && (
              <Text size="sm">
                <b>{notRepriceable}</b> {t('products.notRepriceable')}
              </Text>
            )}
          </Group>
          {store.products_count > 0 && (
            <Anchor component={Link} to={`/products?store_id=${store.id}`} size="sm">
              {t('products.open')}
            </Anchor>
          )}
        </Stack>
      </StatusRow>
      <StatusRow label={t('demper.label')}>
        <Group gap="xs" wrap="wrap">
          {!state && <Text size="sm">{status.isPending ? '…' : t('demper.unknown')}</Text>}
          {state?.kind === 'on' && <StatusBadge tone="ok">{t('demper.on')}</StatusBadge>}
          {state?.kind === 'off' && <StatusBadge tone="neutral">{t('demper.off')}</StatusBadge>}
          {state?.kind === 'resting' && <StatusBadge tone="rest">{t('demper.resting')}</StatusBadge>}
          {state?.kind === 'paused' && <StatusBadge tone="warn">{t('demper.paused', { until: formatDateTime(state.until, language) })}</StatusBadge>}
          <Anchor component={Link} to={`/demper/${store.id}`} size="sm">
            {t('demper.settings')}
          </Anchor>
        </Group>
      </StatusRow>
    </>
  );
}
