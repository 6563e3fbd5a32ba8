import { Alert, Anchor, Badge, Button, Card, Checkbox, Code, Group, Modal, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { notify, readableDimmed } from '../../components/readable.ts';
import { CopyValue } from './copy-value.tsx';
import { type EventKind, eventKinds } from './kinds.ts';
import { type CreatedWebhook, settingsKey, useWebhooks, type Webhook, webhooksKey } from './notifications-api.ts';

/**
 * The API's own documentation of the webhook calls (served by every install, unlike the README, whose
 * section "Alerts: Telegram and webhooks" the link's text names for the full verifying example).
 */
export const SIGNATURE_DOCS_URL = '/docs#/notifications';

/** The secret of a webhook just created: the one time it is shown. */
function SecretOnce({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  const { t } = useTranslation('notifications');
  return (
    <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title={t('webhooks.secretTitle')} role="alert">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('webhooks.secretWarning')}
        </Text>
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {created.url}
        </Text>
        <CopyValue value={created.secret} label={t('webhooks.secretTitle')} />
        <Group>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('webhooks.secretDone')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function AddWebhook({ onCreated }: { onCreated: (created: CreatedWebhook) => void }) {
  const { t } = useTranslation('notifications');
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventKind[]>(['reauth_needed', 'store_paused', 'sync_failed']);
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/notifications/webhooks/', { body: { url: url.trim(), events } })),
    onSuccess: (created) => {
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: webhooksKey });
      void queryClient.invalidateQueries({ queryKey: settingsKey });
      onCreated(created);
    },
  });
  const fields = add.error && isApiError(add.error) ? add.error.fields : {};
  const fieldError = (name: string) => Object.entries(fields).find(([k]) => k === name || k.startsWith(`${name}.`) || k.startsWith(`${name}[`))?.[1];
  const urlError = fieldError('url');
  const eventsError = fieldError('events') ?? (add.error && isApiError(add.error) && !urlError ? add.error.message : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t('webhooks.url')} placeholder="https://example.com/kaspi-alerts" type="url" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={urlError} required />
        <Checkbox.Group label={t('webhooks.events')} description={t('webhooks.eventsHint')} value={events} onChange={(v) => setEvents(v as EventKind[])} error={eventsError}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {eventKinds.map((kind) => (
              <Checkbox key={kind} value={kind} label={t(`kinds.${kind}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {add.error && !isApiError(add.error) && <ErrorAlert error={add.error} />}
        <Group>
          <Button type="submit" loading={add.isPending}>
            {t('webhooks.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: webhooksKey });
    void queryClient.invalidateQueries({ queryKey: settingsKey });
  };
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => unwrap(api.PATCH('/api/v1/notifications/webhooks/{id}/', { params: { path: { id: webhook.id } }, body: { enabled } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/notifications/webhooks/{id}/', { params: { path: { id: webhook.id } } })),
    onSuccess: () => {
      setConfirm(false);
      refresh();
      notify(t('webhooks.deleted'), tc('close'));
    },
  });
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={600} style={{ wordBreak: 'break-all' }}>
            {webhook.url}
          </Text>
          <Switch
            label={t('webhooks.enabled')}
            aria-label={`${t('webhooks.enabled')}: ${webhook.url}`}
            checked={toggle.isPending ? toggle.variables : webhook.enabled}
            onChange={(e) => toggle.mutate(e.currentTarget.checked)}
            disabled={toggle.isPending}
          />
        </Group>
        <Group gap={4}>
          {webhook.events.map((kind) => (
            <Badge key={kind} variant="default" tt="none">
              {t(`kinds.${kind}`)}
            </Badge>
          ))}
        </Group>
        {toggle.error && <ErrorAlert error={toggle.error} />}
        <Group justify="flex-end">
          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirm(true)} aria-label={`${t('webhooks.delete')}: ${webhook.url}`}>
            {t('webhooks.delete')}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('webhooks.deleteTitle')} style={readableDimmed} closeButtonProps={{ 'aria-label': tc('close') }}>
        <Stack gap="md">
          <Text style={{ wordBreak: 'break-all' }}>{t('webhooks.deleteText', { url: webhook.url })}</Text>
          {remove.error && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {tc('cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('webhooks.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** Webhooks for integrators: the list, adding one (its secret shown once), on/off, delete, how to verify. */
export function WebhooksCard() {
  const { t } = useTranslation('notifications');
  const webhooks = useWebhooks();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="webhooks-title">
      <Title order={2} size="h4" id="webhooks-title" mb="xs">
        {t('webhooks.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('webhooks.intro')}
      </Text>
      <Stack gap="md">
        {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}
        <QueryState query={webhooks} isEmpty={(list) => list.length === 0} empty={<Text c="dimmed">{t('webhooks.empty')}</Text>}>
          {(list) => (
            <Stack gap="xs">
              {list.map((w) => (
                <WebhookRow key={w.id} webhook={w} />
              ))}
            </Stack>
          )}
        </QueryState>
        <AddWebhook onCreated={setCreated} />
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('webhooks.signatureTitle')}
          </Text>
          <Text size="sm">{t('webhooks.signature')}</Text>
          {/* The format itself is the same in every language. */}
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {'X-Demper-Signature: t=<unix seconds>,v1=<hex>\nv1 = HMAC-SHA256(secret, t + "." + raw body) as hex'}
          </Code>
          <Anchor href={SIGNATURE_DOCS_URL} target="_blank" rel="noopener noreferrer" size="sm">
            {t('webhooks.readme')}
          </Anchor>
        </Stack>
      </Stack>
    </Card>
  );
}
