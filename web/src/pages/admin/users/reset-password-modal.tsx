import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { type AdminUser, resetPassword } from '../admin-api.ts';

/**
 * Resets a password to a generated one and shows it once: the API stores only its hash, so closing the
 * dialog loses it. The user's sessions and tokens end; they sign in with it and change it.
 */
export function ResetPasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => resetPassword(user.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] }),
  });
  const password = mutation.data?.temporary_password;
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': tc('close') }} title={t('reset.title')} centered closeOnClickOutside={!password}>
      <Stack gap="md">
        {password ? (
          <>
            <Alert color="yellow" variant="light">
              {t('reset.shownOnce', { email: user.email })}
            </Alert>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput label={t('reset.temporary')} value={password} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'monospace' } }} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={password}>
                {({ copied, copy }) => (
                  <Button onClick={copy} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                    {copied ? t('reset.copied') : t('reset.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group justify="flex-end">
              <Button onClick={onClose}>{t('reset.done')}</Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">{t('reset.question', { email: user.email })}</Text>
            {mutation.isError && <ErrorAlert error={mutation.error} />}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                {tc('cancel')}
              </Button>
              <Button color="red" loading={mutation.isPending} onClick={() => mutation.mutate()}>
                {t('reset.confirm')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
