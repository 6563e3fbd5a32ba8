import { Badge, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { When } from '../../../components/when.tsx';
import { adminKeys, fetchDemperStatus } from '../admin-api.ts';

/**
 * One shop's demper: on or off, paused (until when), errors in the last hour. Read per visible row (20 at
 * most) from the store's own status route, which admins may read for any store.
 */
export function DemperCell({ storeId }: { storeId: string }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const query = useQuery({ queryKey: adminKeys.demper(storeId), queryFn: () => fetchDemperStatus(storeId), staleTime: 30_000 });
  if (query.isPending) return <Loader size="xs" role="status" aria-label={tc('loading')} />;
  if (query.isError)
    return (
      <Text size="xs" c="red">
        {t('shops.demperUnknown')}
      </Text>
    );
  const status = query.data;
  const paused = status.paused_until && new Date(status.paused_until).getTime() > Date.now();
  return (
    <Stack gap={2} align="flex-start">
      {paused ? (
        <Badge color="orange" variant="dot" tt="none">
          {t('shops.demperPaused')}
        </Badge>
      ) : (
        <Badge color={status.enabled ? 'green' : 'gray'} variant="dot" tt="none">
          {status.enabled ? t('shops.demperOn') : t('shops.demperOff')}
        </Badge>
      )}
      {paused && (
        <Text size="xs" c="dimmed">
          {t('shops.until')} <When at={status.paused_until} />
        </Text>
      )}
      {status.enabled && (
        <Text size="xs" c="dimmed">
          {t('shops.demperCounts', { enabled: status.products_enabled, errors: status.errors_last_hour })}
        </Text>
      )}
    </Stack>
  );
}
