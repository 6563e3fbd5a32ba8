import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { demperState } from './shop-health.ts';
import { type Store, useDemperStatus } from './shops-api.ts';
import { StatusRow } from './status-row.tsx';

/** The products counts and the demper's state: both come from the demper status. */
export function ShopDemper({ store }: { store: Store }) {
  const { t } = useTranslation('shops');
  const language = useLanguage();
  const status = useDemperStatus(store.id);
  const data = status.data;
  const state = data ? demperState(data) : null;

  return (
    <>
      <StatusRow label={t('products.label')}>
        <Stack gap={2}>
          <Group gap="md" wrap="wrap">
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
          {state?.kind === 'on' && (
            <Badge color="green" variant="light">
              {t('demper.on')}
            </Badge>
          )}
          {state?.kind === 'off' && (
            <Badge color="gray" variant="light">
              {t('demper.off')}
            </Badge>
          )}
          {state?.kind === 'resting' && (
            <Badge color="indigo" variant="light">
              {t('demper.resting')}
            </Badge>
          )}
          {state?.kind === 'paused' && (
            <Badge color="orange" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
              {t('demper.paused', { until: formatDateTime(state.until, language) })}
            </Badge>
          )}
          <Anchor component={Link} to={`/demper/${store.id}`} size="sm">
            {t('demper.settings')}
          </Anchor>
        </Group>
      </StatusRow>
    </>
  );
}
