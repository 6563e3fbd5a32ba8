import { Alert, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/schema.d.ts';
import { When } from '../../components/when.tsx';
import { formatNumber } from '../../format/number.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { durationUnit } from './duration.ts';
import { formatReadsPerSecond, overload } from './scheduler-figures.ts';

export type DemperStatusAnswer = paths['/api/v1/kaspi/stores/{id}/demper/status/']['get']['responses'][200]['content']['application/json'];
export type SchedulerStatus = DemperStatusAnswer['scheduler'];

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}

/**
 * The scheduler as a seller can judge it: how much of the shared read budget this shop uses, how many
 * of its products are fought over by a bot, and a warning when the shops ask for more than the budget
 * can read (then quiet products wait longer than their limit).
 */
export function SchedulerStatus({ scheduler }: { scheduler: SchedulerStatus }) {
  const { t } = useTranslation('demper');
  const language = useLanguage();
  const reads = (value: number) => formatReadsPerSecond(value, language);
  const duration = (seconds: number) => {
    const { unit, count } = durationUnit(seconds);
    return t(unit, { count });
  };
  const load = overload(scheduler);
  const store = reads(scheduler.store_planned_reads_per_second);
  return (
    <Stack gap="sm" component="section" aria-labelledby="demper-scheduler-heading">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={3} size="h5" id="demper-scheduler-heading">
          {t('scheduler.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('scheduler.mode', { mode: t(`scheduler.modes.${scheduler.mode}`) })}
        </Text>
      </Group>
      {load.warn && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          {load.ratio !== null ? t('scheduler.overloaded', { ratio: formatNumber(load.ratio, language, 1) }) : t('scheduler.overloadedNoRatio')}
          {load.longestWaitSeconds !== null && ` ${t('scheduler.stretched', { duration: duration(load.longestWaitSeconds) })}`}
          {scheduler.longest_overdue_seconds > 0 && ` ${t('scheduler.longestOverdue', { duration: duration(scheduler.longest_overdue_seconds) })}`}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Figure
          label={t('scheduler.reads')}
          value={scheduler.budget_reads_per_second === null ? store : t('scheduler.readsOf', { store, budget: reads(scheduler.budget_reads_per_second) })}
          hint={scheduler.budget_reads_per_second === null ? t('scheduler.readsNoBudget') : t('scheduler.readsHint')}
        />
        <Figure label={t('scheduler.inWar')} value={scheduler.products_in_war} hint={t('scheduler.inWarHint')} />
      </SimpleGrid>
      {scheduler.planned_at && (
        <Text size="xs" c="dimmed">
          {t('scheduler.plannedAt')}: <When at={scheduler.planned_at} />
        </Text>
      )}
    </Stack>
  );
}
