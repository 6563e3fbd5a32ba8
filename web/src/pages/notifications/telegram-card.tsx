import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { IconBrandTelegram } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { notify, readableDimmed } from '../../components/readable.ts';
import { formatDateTime } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { CopyValue } from './copy-value.tsx';
import { type NotificationSettings, settingsKey, type TelegramLink, useNotificationSettings } from './notifications-api.ts';

function Unlink() {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unlink = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/notifications/telegram/')),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: settingsKey });
      notify(t('telegram.unlinked'), tc('close'));
    },
  });
  return (
    <>
      <Button variant="default" color="red" onClick={() => setOpen(true)}>
        {t('telegram.unlink')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('telegram.unlinkTitle')} style={readableDimmed} closeButtonProps={{ 'aria-label': tc('close') }}>
        <Stack gap="md">
          <Text>{t('telegram.unlinkText')}</Text>
          {unlink.error && <ErrorAlert error={unlink.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {tc('cancel')}
            </Button>
            <Button color="red" loading={unlink.isPending} onClick={() => unlink.mutate()}>
              {t('telegram.unlink')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The code on screen: the deep link, the code to copy, its expiry; the settings are polled meanwhile. */
function LinkCode({ link, onNewCode, pending }: { link: TelegramLink; onNewCode: () => void; pending: boolean }) {
  const { t } = useTranslation('notifications');
  const language = useLanguage();
  const [expired, setExpired] = useState(() => Date.parse(link.expires_at) <= Date.now());
  useEffect(() => {
    const left = Date.parse(link.expires_at) - Date.now();
    setExpired(left <= 0);
    if (left <= 0) return;
    const timer = setTimeout(() => setExpired(true), left);
    return () => clearTimeout(timer);
  }, [link.expires_at]);
  if (expired) {
    return (
      <Group gap="sm">
        <Text>{t('telegram.expired')}</Text>
        <Button variant="light" onClick={onNewCode} loading={pending}>
          {t('telegram.newCode')}
        </Button>
      </Group>
    );
  }
  return (
    <Stack gap="sm">
      <Button component="a" href={link.deep_link} target="_blank" rel="noopener noreferrer" leftSection={<IconBrandTelegram size={18} aria-hidden />} w={{ base: '100%', xs: 'auto' }}>
        {t('telegram.openBot')}
      </Button>
      <Text size="sm">{t('telegram.codeHint', { bot: link.bot_username })}</Text>
      <CopyCommand code={link.code} />
      <Text size="sm" c="dimmed">
        {t('telegram.expires', { time: formatDateTime(link.expires_at, language) })}
      </Text>
      <Text size="sm" role="status" aria-live="polite">
        {t('telegram.waiting')}
      </Text>
    </Stack>
  );
}

function CopyCommand({ code }: { code: string }) {
  const { t } = useTranslation('notifications');
  return <CopyValue value={`/start ${code}`} label={t('telegram.code')} />;
}

function Linked({ settings }: { settings: NotificationSettings }) {
  const { t } = useTranslation('notifications');
  const language = useLanguage();
  const info = settings.channels.telegram.chat;
  const name = info ? (info.username ? `@${info.username}` : info.title) : null;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Stack gap={2}>
        {name && <Text>{t('telegram.chat', { name })}</Text>}
        {info && (
          <Text size="sm" c="dimmed">
            {t('telegram.linkedAt', { when: formatDateTime(info.linked_at, language) })}
          </Text>
        )}
      </Stack>
      <Unlink />
    </Group>
  );
}

/** Telegram: linked or not; linking by the bot's deep link or a code; unlinking after a confirmation. */
export function TelegramCard() {
  const { t } = useTranslation('notifications');
  const { t: tc } = useTranslation();
  const [showing, setShowing] = useState(false);
  const settings = useNotificationSettings({ poll: showing });
  const link = useMutation({ mutationFn: () => unwrap(api.GET('/api/v1/notifications/telegram/link/')) });
  const linked = settings.data?.channels.telegram.linked ?? false;
  const available = settings.data?.channels.telegram.available ?? true;

  // The bot took the code: stop polling and say so.
  const wasLinked = useRef(linked);
  useEffect(() => {
    if (linked && !wasLinked.current && showing) {
      setShowing(false);
      link.reset();
      notify(t('telegram.linkedNow'), tc('close'), 'green');
    }
    wasLinked.current = linked;
  }, [linked, showing, link, t, tc]);

  const startLink = () => {
    setShowing(true);
    link.mutate();
  };

  // Telegram off on the server (settings say unavailable): plain words, not an error. A 503 of the link
  // call while it is available (the bot unreachable) shows the API's detail.
  let body: ReactNode;
  if (settings.isPending) body = null;
  else if (settings.isError) body = <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  else if (!available)
    body = (
      <Alert color="gray" role="note">
        {t('telegram.off')}
      </Alert>
    );
  else if (linked) body = <Linked settings={settings.data} />;
  else if (link.data && showing) body = <LinkCode link={link.data} onNewCode={startLink} pending={link.isPending} />;
  else
    body = (
      <Stack gap="sm" align="flex-start">
        <Text>{t('telegram.notLinkedHint')}</Text>
        {link.error && <ErrorAlert error={link.error} />}
        <Button onClick={startLink} loading={link.isPending} leftSection={<IconBrandTelegram size={18} aria-hidden />}>
          {t('telegram.link')}
        </Button>
      </Stack>
    );

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="telegram-title">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4" id="telegram-title">
          {t('telegram.title')}
        </Title>
        {settings.data && available && (
          <Badge color={linked ? 'green' : 'gray'} variant="dot" c="dark.7">
            {linked ? t('telegram.linked') : t('telegram.notLinked')}
          </Badge>
        )}
      </Group>
      {body}
    </Card>
  );
}
