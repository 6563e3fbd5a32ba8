import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/error-alert.tsx';
import { When } from '../../components/when.tsx';
import { type Store, useLatestSync, useStartSync } from './shops-api.ts';
import { StatusRow } from './status-row.tsx';
import { syncView } from './sync-progress.ts';

export function ShopSync({ store }: { store: Store }) {
  const { t } = useTranslation('shops');
  const { t: tc } = useTranslation();
  const latest = useLatestSync(store.id);
  const start = useStartSync(store.id);
  const view = syncView(latest.data?.job, store.products_count);
  const canSync = store.has_session && !store.needs_reauth;

  return (
    <StatusRow label={t('sync.label')}>
      <Stack gap={6}>
        {view.kind === 'never' && <Text size="sm">{latest.isPending ? tc('loading') : t('sync.never')}</Text>}
        {view.kind === 'running' && (
          <>
            <Text size="sm" aria-live="polite">
              {view.phase === 'queued' && t('sync.queued')}
              {view.phase === 'reading' && t('sync.reading', { pages: view.pages, offers: view.offersSeen })}
              {view.phase === 'writing' && t('sync.writing', { offers: view.offersSeen })}
            </Text>
            <Progress.Root>
              {/* The section is the progressbar: an unknown total is a full moving bar with no value announced. */}
              <Progress.Section
                value={view.percent ?? 100}
                striped
                animated
                aria-label={t('sync.progressLabel')}
                {...(view.percent === null ? { 'aria-valuenow': undefined } : { 'aria-valuetext': `${view.percent}%` })}
              />
            </Progress.Root>
          </>
        )}
        {view.kind === 'completed' && (
          <Stack gap={0}>
            <Text size="sm">
              {view.productsCount === null ? t('sync.done', { count: store.products_count }) : t('sync.done', { count: view.productsCount })}, <When at={view.at} />
            </Text>
            <Text size="xs" c="gray.7">
              {t('sync.changes', { created: view.created, updated: view.updated, removed: view.removed })}
            </Text>
          </Stack>
        )}
        {view.kind === 'failed' && (
          <Stack gap={0}>
            <Text size="sm" c="red.8">
              {t('sync.failed')}, <When at={view.at} />
            </Text>
            <Text size="sm">{view.error}</Text>
          </Stack>
        )}
        {start.isError && (
          <Text size="sm" c="red.8" role="alert">
            {errorMessage(start.error, tc)}
          </Text>
        )}
        {canSync && view.kind !== 'running' && (
          <Group>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} aria-hidden />} loading={start.isPending} onClick={() => start.mutate()}>
              {t('sync.start')}
            </Button>
          </Group>
        )}
      </Stack>
    </StatusRow>
  );
}
