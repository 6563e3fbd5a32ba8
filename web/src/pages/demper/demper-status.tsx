import { Alert, Badge, Card, Group, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconMoon, IconPlayerPause } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { notify } from '../../components/readable.ts';
import { When } from '../../components/when.tsx';
import { useServerEventsConnected } from '../../events/server-events.tsx';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { settingsKey, statusKey, useDemperStatus } from './demper-queries.ts';
import { durationUnit } from './duration.ts';
import { type DemperStatusAnswer, SchedulerStatus } from './scheduler-status.tsx';

function Figure({ label, value, hint, tone }: { label: string; value: ReactNode; hint?: ReactNode; tone?: 'red' }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={tone} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** The switch: one PATCH of `enabled`; the status and settings on screen take the answer at once. */
function DemperSwitch({ storeId, enabled }: { storeId: string; enabled: boolean }) {
  const { t } = useTranslation('demper');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (on: boolean) => unwrap(api.PATCH('/api/v1/kaspi/stores/{id}/demper/', { params: { path: { id: storeId } }, body: { enabled: on } })),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey(storeId), settings);
      // The status says `enabled` too: set it now, or the switch flips back until the refetch answers.
      queryClient.setQueryData(statusKey(storeId), (status: DemperStatusAnswer | undefined) => status && { ...status, enabled: settings.enabled });
      void queryClient.invalidateQueries({ queryKey: statusKey(storeId) });
      notify(settings.enabled ? t('status.turnedOn') : t('status.turnedOff'), tc('close'), settings.enabled ? 'green' : 'gray');
    },
  });
  // The seller's choice shows at once: the mutation's own pending state reaches React a tick later, and a
  // controlled switch would flip back in between.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const checked = wanted ?? enabled;
  return (
    <Stack gap="xs">
      <Switch
        size="lg"
        checked={checked}
        disabled={toggle.isPending}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          setWanted(on);
          toggle.mutate(on, { onSettled: () => setWanted(null) });
        }}
        label={t('status.toggle')}
      />
      {toggle.isError && <ErrorAlert error={toggle.error} />}
    </Stack>
  );
}

/** Status first: is the robot on, is it working, is anything stopping it, and what did it do this hour. */
export function DemperStatus({ storeId }: { storeId: string }) {
  const { t } = useTranslation('demper');
  const language = useLanguage();
  const status = useDemperStatus(storeId);
  const live = useServerEventsConnected();
  const duration = (seconds: number) => {
    const { unit, count } = durationUnit(seconds);
    return t(unit, { count });
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="demper-status-heading">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="demper-status-heading">
          {t('status.heading')}
        </Title>
        <Text size="xs" c="dimmed">
          {live ? t('status.live') : t('status.offline')}
        </Text>
      </Group>
      <QueryState query={status}>
        {(s) => (
          <Stack gap="md">
            <Group justify="space-between" align="flex-start" wrap="wrap">
              <DemperSwitch storeId={storeId} enabled={s.enabled} />
              <Badge size="lg" color={s.enabled ? 'green' : 'gray'} variant="dot">
                {s.enabled ? t('status.on') : t('status.off')}
              </Badge>
            </Group>
            {s.needs_reauth && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
                {t('status.needsReauth')}
                {s.reauth_reason ? ` (${s.reauth_reason})` : ''}
              </Alert>
            )}
            {s.paused_until && new Date(s.paused_until).getTime() > Date.now() && (
              <Alert color="orange" variant="light" icon={<IconPlayerPause aria-hidden />}>
                {t('status.pausedUntil', { time: formatDateTime(s.paused_until, language) })}
                {s.last_error ? `: ${s.last_error}` : ''}
              </Alert>
            )}
            {s.enabled && !s.within_work_hours && (
              <Alert color="blue" variant="light" icon={<IconMoon aria-hidden />}>
                {t('status.resting')}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
              <Figure label={t('status.checks')} value={s.checks_last_hour} hint={<When at={s.last_check_at} />} />
              <Figure label={t('status.changes')} value={s.changes_last_hour} />
              <Figure label={t('status.errors')} value={s.errors_last_hour} tone={s.errors_last_hour > 0 ? 'red' : undefined} />
              <Figure label={t('status.overdue')} value={s.longest_overdue_seconds > 0 ? duration(s.longest_overdue_seconds) : t('status.overdueNone')} />
            </SimpleGrid>
            <Text size="sm">
              {t('status.products')}: <b>{s.products_repriceable}</b>{' '}
              <Text span c="dimmed" size="sm">
                ({t('status.productsHint', { repriceable: s.products_repriceable, enabled: s.products_enabled, due: s.products_due })})
              </Text>
            </Text>
            <SchedulerStatus scheduler={s.scheduler} />
            {s.last_error && s.last_error_at && (
              <Text size="sm" c="red.9">
                {t('status.lastError')}: {s.last_error} (<When at={s.last_error_at} />)
              </Text>
            )}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
