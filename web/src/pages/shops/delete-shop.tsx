import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { type Store, useDeleteStore } from './shops-api.ts';

/** Delete with a confirmation that says what goes with the shop. */
export function DeleteShop({ store }: { store: Store }) {
  const { t } = useTranslation('shops');
  const { t: tc } = useTranslation();
  const [asking, setAsking] = useState(false);
  const remove = useDeleteStore(store.id);

  function close() {
    setAsking(false);
    remove.reset();
  }

  return (
    <>
      <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setAsking(true)}>
        {t('remove.button')}
      </Button>
      <Modal opened={asking} onClose={close} closeButtonProps={{ 'aria-label': tc('close') }} title={t('remove.title', { name: store.name })}>
        <Stack>
          <Text size="sm">{t('remove.body', { count: store.products_count })}</Text>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {tc('cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => notifications.show({ message: t('remove.done', { name: store.name }) }),
                })
              }
            >
              {t('remove.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
