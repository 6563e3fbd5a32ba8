import { Alert, Button, Card, Checkbox, Divider, Group, NativeSelect, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { notify } from '../../components/readable.ts';
import { StorePicker, useStoreList } from '../../components/store-picker.tsx';
import { type AlertKind, alertKinds } from './kinds.ts';
import { type NotificationSettings, type NotificationSettingsPatch, settingsKey, useNotificationSettings } from './notifications-api.ts';
import { fieldErrors, missingFields, type PreferencesField, type PreferencesForm, type ShopSwitch, shopSwitch, toForm, toPatch } from './preferences-state.ts';

const hours = Array.from({ length: 24 }, (_, h) => String(h));

/** Per-shop switches: pick a shop, then "as for every shop" / on / off per kind. */
function ShopOverrides({ form, onChange }: { form: PreferencesForm; onChange: (storeId: string, kind: AlertKind, value: ShopSwitch) => void }) {
  const { t } = useTranslation('notifications');
  const stores = useStoreList();
  const [storeId, setStoreId] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('prefs.shopOverrides')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('prefs.shopOverridesHint')}
      </Text>
      <QueryState query={stores} isEmpty={(list) => list.length === 0} empty={<Text c="dimmed">{t('prefs.noShops')}</Text>}>
        {(list) => {
          const current = storeId && list.some((s) => s.id === storeId) ? storeId : list[0]!.id;
          const storeName = list.find((s) => s.id === current)?.name ?? '';
          return (
            <Stack gap="xs">
              <StorePicker stores={list} value={current} onChange={(id) => id && setStoreId(id)} label={t('prefs.shop')} />
              {alertKinds.map((kind) => {
                const inherited = form.kinds[kind] ? t('prefs.on') : t('prefs.off');
                return (
                  <Group key={kind} justify="space-between" wrap="wrap" gap="xs">
                    <Text size="sm">{t(`kinds.${kind}`)}</Text>
                    {/* A native select: compact at 360 px in every language, the phone's own picker, keyboard as usual. */}
                    <NativeSelect
                      size="xs"
                      w={{ base: '100%', xs: 200 }}
                      aria-label={`${storeName}: ${t(`kinds.${kind}`)}`}
                      value={shopSwitch(form, current, kind)}
                      onChange={(e) => onChange(current, kind, e.currentTarget.value as ShopSwitch)}
                      data={[
                        { value: 'inherit', label: t('prefs.inherit', { state: inherited }) },
                        { value: 'on', label: t('prefs.on') },
                        { value: 'off', label: t('prefs.off') },
                      ]}
                    />
                  </Group>
                );
              })}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function Form({ saved }: { saved: NotificationSettings }) {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<PreferencesForm>(() => toForm(saved));
  const [localErrors, setLocalErrors] = useState<Partial<Record<PreferencesField, string>>>({});
  // Preferences saved elsewhere (another tab) replace an untouched form; edits in progress stay.
  const shown = useRef(saved);
  useEffect(() => {
    if (shown.current === saved) return;
    const untouched = JSON.stringify(form) === JSON.stringify(toForm(shown.current));
    shown.current = saved;
    if (untouched) setForm(toForm(saved));
  }, [saved, form]);
  const save = useMutation({
    mutationFn: (body: NotificationSettingsPatch) => unwrap(api.PATCH('/api/v1/notifications/settings/', { body })),
    onSuccess: (settings) => {
      shown.current = settings;
      queryClient.setQueryData(settingsKey, settings);
      setForm(toForm(settings));
      notify(t('prefs.saved'), tc('close'), 'green');
    },
  });
  const apiErrors = save.error && isApiError(save.error) ? fieldErrors(save.error.fields) : { byField: {}, form: [] };
  const error = (f: PreferencesField) => localErrors[f] ?? (apiErrors.byField as Partial<Record<PreferencesField, string>>)[f];
  const update = (f: PreferencesField, change: (current: PreferencesForm) => PreferencesForm) => {
    setForm(change);
    setLocalErrors((current) => ({ ...current, [f]: undefined }));
  };
  const patch = toPatch(saved, form);
  const dirty = Object.keys(patch).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = missingFields(form);
    if (missing.length) {
      setLocalErrors(Object.fromEntries(missing.map((f) => [f, t('prefs.required')])));
      return;
    }
    if (!dirty) {
      notify(t('prefs.nothingChanged'), tc('close'));
      return;
    }
    save.mutate(patch);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={3} size="h5">
          {t('prefs.allShops')}
        </Title>
        <Stack gap="sm">
          {alertKinds.map((kind) => (
            <Switch
              key={kind}
              label={t(`kinds.${kind}`)}
              description={t(`kindHints.${kind}`)}
              checked={form.kinds[kind]}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                update('kinds', (c) => ({ ...c, kinds: { ...c.kinds, [kind]: on } }));
              }}
            />
          ))}
          {error('kinds') && (
            <Text c="red" size="sm">
              {error('kinds')}
            </Text>
          )}
        </Stack>
        <Divider />
        <ShopOverrides form={form} onChange={(storeId, kind, value) => update('stores', (c) => ({ ...c, stores: { ...c.stores, [storeId]: { ...c.stores[storeId], [kind]: value } } }))} />
        {error('stores') && (
          <Text c="red" size="sm">
            {error('stores')}
          </Text>
        )}
        <Divider />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('prefs.undercut')}
            description={t('prefs.undercutHint')}
            value={form.undercut_percent}
            onChange={(v) => update('undercut_percent', (c) => ({ ...c, undercut_percent: typeof v === 'number' ? v : v === '' ? '' : Number(v) }))}
            error={error('undercut_percent')}
            allowNegative={false}
            decimalScale={0}
            min={1}
            max={90}
          />
          <Select
            label={t('prefs.summary')}
            description={t('prefs.summaryHint')}
            data={[{ value: '', label: t('prefs.summaryOff') }, ...hours.map((h) => ({ value: h, label: `${h.padStart(2, '0')}:00` }))]}
            value={form.summary_hour}
            onChange={(v) => update('summary_hour', (c) => ({ ...c, summary_hour: v ?? '' }))}
            allowDeselect={false}
            error={error('summary_hour')}
          />
        </SimpleGrid>
        <Stack gap="xs">
          <Checkbox
            label={t('prefs.quiet')}
            description={t('prefs.quietHint')}
            checked={form.quiet}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              update('quiet_hours', (c) => ({ ...c, quiet: on }));
            }}
          />
          {form.quiet ? (
            <SimpleGrid cols={2} maw={360}>
              <TextInput
                type="time"
                label={t('prefs.quietFrom')}
                value={form.quiet_start}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update('quiet_hours', (c) => ({ ...c, quiet_start: v }));
                }}
                error={error('quiet_hours')}
              />
              <TextInput
                type="time"
                label={t('prefs.quietTo')}
                value={form.quiet_end}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update('quiet_hours', (c) => ({ ...c, quiet_end: v }));
                }}
              />
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">
              {t('prefs.quietNone')}
            </Text>
          )}
          {!form.quiet && error('quiet_hours') && (
            <Text c="red" size="sm">
              {error('quiet_hours')}
            </Text>
          )}
        </Stack>
        {apiErrors.form.length > 0 && (
          <Alert color="red" role="alert">
            {apiErrors.form.join('; ')}
          </Alert>
        )}
        {save.error && !isApiError(save.error) && <ErrorAlert error={save.error} />}
        {save.error && isApiError(save.error) && Object.keys(save.error.fields).length === 0 && <ErrorAlert error={save.error} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('prefs.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What to tell the seller: each kind on/off, per-shop overrides, the undercut threshold, quiet hours, the summary. */
export function PreferencesCard() {
  const { t } = useTranslation('notifications');
  const settings = useNotificationSettings();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="prefs-title">
      <Title order={2} size="h4" id="prefs-title" mb="sm">
        {t('prefs.title')}
      </Title>
      <QueryState query={settings}>{(saved) => <Form saved={saved} />}</QueryState>
    </Card>
  );
}
