import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { type AdminUser, updateUser } from '../admin-api.ts';

export type AccountChange = 'disable' | 'enable' | 'grant_admin' | 'revoke_admin';

const bodies: Record<AccountChange, { disabled?: boolean; is_admin?: boolean }> = {
  disable: { disabled: true },
  enable: { disabled: false },
  grant_admin: { is_admin: true },
  revoke_admin: { is_admin: false },
};

/** Asks before an account changes; a refusal (e.g. disabling yourself) stays in the dialog with the API's reason. */
export function ConfirmChangeModal({ user, change, onClose }: { user: AdminUser; change: AccountChange; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => updateUser(user.id, bodies[change]),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
      notifications.show({ color: 'green', message: t(`change.${change}.done`, { email: user.email }) });
      onClose();
    },
  });
  const danger = change === 'disable' || change === 'revoke_admin';
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': tc('close') }} title={t(`change.${change}.title`)} centered>
      <Stack gap="md">
        <Text size="sm">{t(`change.${change}.question`, { email: user.email })}</Text>
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={mutation.isPending} onClick={() => mutation.mutate()}>
            {t(`change.${change}.confirm`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
