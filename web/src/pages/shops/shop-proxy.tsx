import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors.ts';
import { errorMessage } from '../../components/error-alert.tsx';
import { type Store, useSetProxy } from './shops-api.ts';
import { StatusRow } from './status-row.tsx';

/** The shop's own proxy: whether one is set (the API never returns its address or password), set or remove it. */
export function ShopProxy({ store }: { store: Store }) {
  const { t } = useTranslation('shops');
  const { t: tc } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState('');
  const save = useSetProxy(store.id);

  function close() {
    setEditing(false);
    setUrl('');
    save.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(url.trim(), {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('proxy.saved') });
        close();
      },
    });
  }

  const fieldError = save.error && isApiError(save.error) ? (save.error.fields['proxy_url'] ?? errorMessage(save.error, tc)) : save.error ? errorMessage(save.error, tc) : undefined;

  return (
    <StatusRow label={t('proxy.label')}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{store.has_proxy ? t('proxy.set') : t('proxy.none')}</Text>
        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
          {store.has_proxy ? t('proxy.edit') : t('proxy.add')}
        </Button>
        {store.has_proxy && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            loading={save.isPending && !editing}
            onClick={() => save.mutate(null, { onSuccess: () => notifications.show({ message: t('proxy.removed') }) })}
          >
            {t('proxy.remove')}
          </Button>
        )}
      </Group>
      <Modal opened={editing} onClose={close} closeButtonProps={{ 'aria-label': tc('close') }} title={`${t('proxy.title')}: ${store.name}`}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t('proxy.url')}
              description={t('proxy.urlHint')}
              placeholder="http://user:pass@proxy.example.kz:3128"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={fieldError}
              required
              data-autofocus
              autoComplete="off"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {tc('cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!url.trim()}>
                {tc('save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </StatusRow>
  );
}
