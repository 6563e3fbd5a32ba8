import { Alert, Button, Card, Checkbox, Divider, Group, NumberInput, Radio, Select, SimpleGrid, Stack, Switch, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { notify } from '../../components/readable.ts';
import { settingsKey, statusKey, useDemperSettings } from './demper-queries.ts';
import { durationUnit } from './duration.ts';
import { type DemperSettings, type FormField, fieldErrors, hiddenFields, missingFields, type SettingsForm, schedulers, toForm, toPatch } from './settings-form-state.ts';

const strategies = ['beat_first', 'follow_second', 'match_first', 'manual'] as const;
const deliveries = ['EXPRESS', 'TODAY', 'TOMORROW', 'TILL_2_DAYS', 'TILL_3_DAYS', 'TILL_5_DAYS', 'TILL_7_DAYS', 'OTHER'] as const;

function Form({ storeId, saved }: { storeId: string; saved: DemperSettings }) {
  const { t } = useTranslation('demper');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SettingsForm>(() => toForm(saved));
  const [localErrors, setLocalErrors] = useState<Partial<Record<FormField, string>>>({});
  // Settings saved elsewhere (another tab, the switch) replace an untouched form; edits in progress stay.
  const shown = useRef(saved);
  useEffect(() => {
    if (shown.current === saved) return;
    const untouched = JSON.stringify(form) === JSON.stringify(toForm(shown.current));
    shown.current = saved;
    if (untouched) setForm(toForm(saved));
  }, [saved, form]);
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof toPatch>) => unwrap(api.PATCH('/api/v1/kaspi/stores/{id}/demper/', { params: { path: { id: storeId } }, body })),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey(storeId), settings);
      void queryClient.invalidateQueries({ queryKey: statusKey(storeId) });
      setForm(toForm(settings));
      notify(t('settings.saved'), tc('close'), 'green');
    },
  });
  const hidden = hiddenFields(form);
  const apiErrors = save.error && isApiError(save.error) ? fieldErrors(save.error.fields, hidden) : { byField: {}, form: [] };
  const duration = (seconds: number) => {
    const { unit, count } = durationUnit(seconds);
    return t(unit, { count });
  };
  const error = (f: FormField) => localErrors[f] ?? (apiErrors.byField as Partial<Record<FormField, string>>)[f];
  const set = <F extends FormField>(f: F, value: SettingsForm[F]) => {
    setForm((current) => ({ ...current, [f]: value }));
    setLocalErrors((current) => ({ ...current, [f]: undefined }));
  };
  const patch = toPatch(saved, form);
  const dirty = Object.keys(patch).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = missingFields(form);
    if (missing.length) {
      setLocalErrors(Object.fromEntries(missing.map((f) => [f, t('settings.required')])));
      return;
    }
    if (!dirty) {
      notify(t('settings.nothingChanged'), tc('close'));
      return;
    }
    save.mutate(patch);
  };

  const num = (f: FormField, label: string, props: { min?: number; max?: number; description?: string; decimalScale?: number } = {}) => (
    <NumberInput
      label={label}
      value={form[f] as number | ''}
      onChange={(v) => set(f, (typeof v === 'number' ? v : v === '' ? '' : Number(v)) as SettingsForm[typeof f])}
      error={error(f)}
      allowNegative={false}
      decimalScale={props.decimalScale ?? 0}
      min={props.min}
      max={props.max}
      description={props.description}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label={t('settings.approvalMode')}
          description={t('settings.approvalModeHint')}
          data={approvalModes.map((mode) => ({ value: mode, label: t(`approvalModes.${mode}`) }))}
          value={form.approval_mode}
          onChange={(v) => v && set('approval_mode', v)}
          allowDeselect={false}
          error={error('approval_mode')}
        />
        <Divider />
        <Title order={3} size="h5">
          {t('settings.pace')}
        </Title>
        <Radio.Group label={t('settings.scheduler')} value={form.scheduler} onChange={(v) => set('scheduler', v as SettingsForm['scheduler'])} error={error('scheduler')}>
          <Stack gap="xs" mt={6}>
            {schedulers.map((mode) => (
              <Radio key={mode} value={mode} label={t(`schedulers.${mode}`)} description={t(`schedulers.${mode}Hint`)} />
            ))}
          </Stack>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!hidden.includes('max_interval_seconds') &&
            num('max_interval_seconds', t('settings.maxInterval'), {
              min: 60,
              max: 86_400,
              description: typeof form.max_interval_seconds === 'number' ? t('settings.maxIntervalHint', { every: duration(form.max_interval_seconds) }) : undefined,
            })}
          {!hidden.includes('check_interval_seconds') && num('check_interval_seconds', t('settings.interval'), { min: 1, max: 86_400, description: t('settings.intervalHint') })}
          {num('priority_interval_seconds', t('settings.priorityInterval'), {
            min: 1,
            max: 86_400,
            description: form.scheduler === 'adaptive' ? t('settings.priorityIntervalAdaptiveHint') : t('settings.priorityIntervalUniformHint'),
          })}
        </SimpleGrid>
        <Stack gap="xs">
          <Checkbox label={`${t('settings.workHours')}: ${t('settings.allDay')}`} checked={form.all_day} onChange={(e) => set('all_day', e.currentTarget.checked)} />
          {!form.all_day && (
            <SimpleGrid cols={2}>
              <TextInput type="time" label={t('settings.start')} value={form.work_hours_start} onChange={(e) => set('work_hours_start', e.currentTarget.value)} error={error('work_hours_start')} />
              <TextInput type="time" label={t('settings.end')} value={form.work_hours_end} onChange={(e) => set('work_hours_end', e.currentTarget.value)} error={error('work_hours_end')} />
            </SimpleGrid>
          )}
        </Stack>

        <Divider />
        <Title order={3} size="h5">
          {t('settings.defaults')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num('default_step', t('settings.defaultStep'), { min: 1, max: 1_000_000 })}
          <Select
            label={t('settings.defaultStrategy')}
            data={strategies.map((s) => ({ value: s, label: t(`strategies.${s}`) }))}
            value={form.default_strategy}
            onChange={(v) => v && set('default_strategy', v)}
            allowDeselect={false}
            error={error('default_strategy')}
          />
        </SimpleGrid>
        <Textarea
          label={t('settings.ignored')}
          description={t('settings.ignoredHint')}
          autosize
          minRows={2}
          maxRows={8}
          value={form.ignored_merchant_ids}
          onChange={(e) => set('ignored_merchant_ids', e.currentTarget.value)}
          error={error('ignored_merchant_ids')}
        />
        <Select
          label={t('settings.feedMode')}
          description={t('settings.feedModeHint')}
          data={feedModes.map((mode) => ({ value: mode, label: t(`feedModes.${mode}`) }))}
          value={form.feed_mode}
          onChange={(v) => v && set('feed_mode', v)}
          allowDeselect={false}
          error={error('feed_mode')}
        />

        <Divider />
        <Title order={3} size="h5">
          {t('settings.rails')}
        </Title>
        <Group gap="xl">
          <Switch label={t('settings.autoLower')} checked={form.auto_lower} onChange={(e) => set('auto_lower', e.currentTarget.checked)} error={error('auto_lower')} />
          <Switch label={t('settings.autoRaise')} checked={form.auto_raise} onChange={(e) => set('auto_raise', e.currentTarget.checked)} error={error('auto_raise')} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('settings.atFloor')}
            data={(['hold_at_min', 'best_reachable'] as const).map((v) => ({ value: v, label: t(`atFloor.${v}`) }))}
            value={form.at_floor}
            onChange={(v) => v && set('at_floor', v)}
            allowDeselect={false}
            error={error('at_floor')}
          />
          <Select
            label={t('settings.noCompetitors')}
            data={(['go_to_max', 'hold'] as const).map((v) => ({ value: v, label: t(`noCompetitors.${v}`) }))}
            value={form.no_competitors}
            onChange={(v) => v && set('no_competitors', v)}
            allowDeselect={false}
            error={error('no_competitors')}
          />
          {num('raise_cooldown_seconds', t('settings.raiseCooldown'), { min: 0, max: 604_800 })}
          {num('max_drop_percent', t('settings.maxDrop'), { min: 0, max: 100, decimalScale: 2 })}
          {num('max_changes_per_day', t('settings.maxChanges'), { min: 1, max: 100_000, description: t('settings.maxChangesHint') })}
          <Select
            label={t('settings.maxDelivery')}
            data={[{ value: '', label: t('settings.anyDelivery') }, ...deliveries.map((d) => ({ value: d, label: t(`delivery.${d}`) }))]}
            value={form.max_delivery_duration}
            onChange={(v) => set('max_delivery_duration', v ?? '')}
            allowDeselect={false}
            error={error('max_delivery_duration')}
          />
          {num('cluster_tolerance', t('settings.clusterTolerance'), { min: 0, description: t('settings.clusterToleranceHint') })}
          {num('cluster_min_size', t('settings.clusterMinSize'), { min: 2, max: 1000 })}
        </SimpleGrid>

        {save.isError && (apiErrors.form.length > 0 || Object.keys(apiErrors.byField).length === 0) && <ErrorAlert error={save.error} title={t('settings.notSaved')} />}
        {save.isError && apiErrors.form.length > 0 && (
          <Alert color="red" variant="light">
            {apiErrors.form.join(' ')}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            disabled={!dirty || save.isPending}
            onClick={() => {
              setForm(toForm(saved));
              setLocalErrors({});
              save.reset();
            }}
          >
            {tc('cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {tc('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Settings second: the form of GET/PATCH /kaspi/stores/{id}/demper/, with the API's messages next to the fields. */
const feedModes = ['off', 'fallback', 'only'] as const;
const approvalModes = ['auto', 'approve', 'notify'] as const;

export function DemperSettingsForm({ storeId }: { storeId: string }) {
  const { t } = useTranslation('demper');
  const settings = useDemperSettings(storeId);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="demper-settings-heading">
      <Title order={2} size="h4" id="demper-settings-heading" mb="sm">
        {t('settings.heading')}
      </Title>
      <QueryState query={settings}>{(saved) => <Form key={storeId} storeId={storeId} saved={saved} />}</QueryState>
    </Card>
  );
}
