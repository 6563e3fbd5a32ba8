import { Button, Menu } from '@mantine/core';
import { IconDots, IconKey, IconLock, IconLockOpen, IconPackage, IconShield, IconShieldOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../../../auth/session.tsx';
import type { AdminUser } from '../admin-api.ts';
import { userDataPath } from '../user-data/user-data-path.ts';
import { type AccountChange, ConfirmChangeModal } from './confirm-change-modal.tsx';
import { ResetPasswordModal } from './reset-password-modal.tsx';

type Dialog = { kind: 'change'; change: AccountChange } | { kind: 'reset' } | null;

/** What an admin may do to one account; each choice asks for confirmation in a dialog that shows the API's answer. */
export function UserActions({ user }: { user: AdminUser }) {
  const { t } = useTranslation('admin');
  const me = useUser();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  // The API refuses an admin disabling or demoting themselves (409); the menu still offers it so the
  // refusal and its reason are shown rather than a silently missing item.
  const self = user.id === me.id;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" size="compact-sm" rightSection={<IconDots size={14} aria-hidden />} aria-label={t('users.actionsFor', { email: user.email })}>
            {t('users.actions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component={Link} to={userDataPath(user.id, user.email)} leftSection={<IconPackage size={16} aria-hidden />}>
            {t('users.openData')}
          </Menu.Item>
          <Menu.Divider />
          {user.disabled ? (
            <Menu.Item leftSection={<IconLockOpen size={16} aria-hidden />} onClick={() => setDialog({ kind: 'change', change: 'enable' })}>
              {t('users.enable')}
            </Menu.Item>
          ) : (
            <Menu.Item color="red" leftSection={<IconLock size={16} aria-hidden />} onClick={() => setDialog({ kind: 'change', change: 'disable' })}>
              {t('users.disable')}
              {self ? ` (${t('users.you')})` : ''}
            </Menu.Item>
          )}
          {user.is_admin ? (
            <Menu.Item leftSection={<IconShieldOff size={16} aria-hidden />} onClick={() => setDialog({ kind: 'change', change: 'revoke_admin' })}>
              {t('users.revokeAdmin')}
            </Menu.Item>
          ) : (
            <Menu.Item leftSection={<IconShield size={16} aria-hidden />} onClick={() => setDialog({ kind: 'change', change: 'grant_admin' })}>
              {t('users.grantAdmin')}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => setDialog({ kind: 'reset' })}>
            {t('users.resetPassword')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog?.kind === 'change' && <ConfirmChangeModal user={user} change={dialog.change} onClose={close} />}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={user} onClose={close} />}
    </>
  );
}
