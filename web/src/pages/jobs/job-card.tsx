import { Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { When } from '../../components/when.tsx';
import { StatusBadge } from '../shops/status-badge.tsx';
import { jobFraction, jobStateTones, progressPairs } from './job-progress.ts';
import type { JobItem } from './jobs-api.ts';

/** One job: what, for which shop, its state; the bar where it counts done of total; the result or the error; its times. */
export function JobCard({ job, shopName }: { job: JobItem; shopName: string | null }) {
  const { t, i18n } = useTranslation('jobs');
  // i18next reads dots as nesting: catalogue.sync is stored as catalogue_sync.
  const typeKey = `types.${job.type.replaceAll('.', '_')}`;
  const typeLabel = i18n.exists(typeKey, { ns: 'jobs' }) ? t(typeKey as 'types.catalogue_sync') : job.type;
  const label = (key: string) => (i18n.exists(`keys.${key}`, { ns: 'jobs' }) ? t(`keys.${key}` as 'keys.phase') : key);
  const live = job.state === 'queued' || job.state === 'running';
  const fraction = live ? jobFraction(job.progress) : null;
  const pairs = progressPairs(job.state === 'completed' ? (job.result ?? job.progress) : job.progress);

  return (
    <Paper withBorder p="sm" radius="md" component="li">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Text fw={600}>{typeLabel}</Text>
            <Text size="sm" c="gray.7">
              {shopName ?? t('noShop')}
            </Text>
          </div>
          <StatusBadge tone={jobStateTones[job.state] ?? 'neutral'}>{t(`state.${job.state}` as 'state.queued', { defaultValue: job.state })}</StatusBadge>
        </Group>
        {live && (
          <Progress.Root>
            <Progress.Section
              value={fraction ? Math.round((fraction.done / fraction.total) * 100) : 100}
              striped
              animated
              aria-label={t('progress')}
              {...(fraction ? { 'aria-valuetext': `${fraction.done} / ${fraction.total}` } : { 'aria-valuenow': undefined })}
            />
          </Progress.Root>
        )}
        {pairs.length > 0 && (
          <Text size="sm">
            {pairs.map(([key, value], i) => (
              <span key={key}>
                {i > 0 && ' · '}
                {label(key)}: <b>{typeof value === 'string' ? label(value) : value}</b>
              </span>
            ))}
          </Text>
        )}
        {job.error && (
          <Text size="sm" c="red.9">
            {job.error}
          </Text>
        )}
        <Group gap="md" wrap="wrap">
          <Text size="xs" c="gray.7">
            {t('created')}: <When at={job.created_at} />
          </Text>
          {job.started_at && (
            <Text size="xs" c="gray.7">
              {t('started')}: <When at={job.started_at} />
            </Text>
          )}
          {job.finished_at && (
            <Text size="xs" c="gray.7">
              {t('finished')}: <When at={job.finished_at} />
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
