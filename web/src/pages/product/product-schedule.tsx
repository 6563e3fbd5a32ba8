import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCityName } from '../../components/city-name.tsx';
import { When } from '../../components/when.tsx';
import { formatNumber } from '../../format/number.ts';
import { formatPrice } from '../../format/price.ts';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { durationUnit } from '../demper/duration.ts';
import type { ProductDetail } from './product-api.ts';
import { paceOf } from './schedule-pace.ts';

type Schedule = NonNullable<ProductDetail['schedule']>;

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
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

/** "45 с", "12 мин", "3 ч" in the language (the demper page's units). */
function useDuration(): (seconds: number) => string {
  const { t } = useTranslation('demper');
  return (seconds) => {
    const { unit, count } = durationUnit(seconds);
    return t(unit, { count });
  };
}

/** Why the product is read when it is, in words; a war tells the rival's clock, step and whether it answers us. */
function Reason({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation('product');
  const language = useLanguage();
  const cityName = useCityName();
  const duration = useDuration();
  const war = schedule.war;
  if (schedule.reason === 'war' && war) {
    return (
      <>
        {t('schedule.war', { city: cityName(war.city_id), period: duration(war.period_seconds) })}
        {war.step !== null && t('schedule.warStep', { step: formatPrice(war.step, language) })}
        {war.answer_delay_seconds !== null ? t('schedule.warAnswersAfter', { delay: duration(war.answer_delay_seconds) }) : war.answers_us && t('schedule.warAnswers')}{' '}
        <Text span size="sm" c="dimmed">
          ({t('schedule.warSince', { time: formatDateTime(war.since, language) })})
        </Text>
      </>
    );
  }
  return <>{t(`schedule.reasons.${schedule.reason}`)}</>;
}

/**
 * Why the demper reads this product as often as it does: the competition's learned pace, the interval it
 * chose, the reason in words and when the next read comes. Null until the first check: an empty state.
 */
export function ProductSchedule({ product }: { product: ProductDetail }) {
  const { t } = useTranslation('product');
  const language = useLanguage();
  const duration = useDuration();
  const schedule = product.schedule;
  const pace = schedule ? paceOf(schedule.changes_per_hour) : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="product-schedule-heading">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
        <Title order={2} size="h4" id="product-schedule-heading">
          {t('schedule.title')}
        </Title>
        {schedule && (
          <Text size="sm" c="dimmed">
            {t('schedule.mode', { mode: t(`schedule.modes.${schedule.mode}`) })}
          </Text>
        )}
      </Group>
      {!schedule || !pace ? (
        <Text size="sm" c="dimmed">
          {t('schedule.empty')}
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            <Text span fw={600} size="sm">
              {t('schedule.why')}:
            </Text>{' '}
            <Reason schedule={schedule} />
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
            <Figure
              label={t('schedule.pace')}
              value={
                pace.kind === 'quiet'
                  ? t('schedule.paceQuiet')
                  : pace.kind === 'perDay'
                    ? t('schedule.perDay', { count: pace.count })
                    : t('schedule.perHour', { value: formatNumber(pace.value, language, 1) })
              }
              hint={pace.kind === 'quiet' ? t('schedule.paceQuietHint') : undefined}
            />
            <Figure label={t('schedule.interval')} value={duration(schedule.interval_seconds)} />
            <Figure
              label={t('schedule.next')}
              value={<When at={schedule.next_check_at} />}
              hint={
                schedule.overdue_seconds > 0 ? (
                  <Text span size="xs" fw={600} c="red.9">
                    {t('schedule.overdueBy', { duration: duration(schedule.overdue_seconds) })}
                  </Text>
                ) : undefined
              }
            />
            <Figure label={t('schedule.readsPerCheck')} value={schedule.reads_per_check} hint={t('schedule.readsPerCheckHint')} />
          </SimpleGrid>
        </Stack>
      )}
    </Paper>
  );
}
