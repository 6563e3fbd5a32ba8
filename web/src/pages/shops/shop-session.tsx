import { Button, Group, Stack, Text } from '@mantine/core';
import { IconLogin2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { When } from '../../components/when.tsx';
import { sessionHealth } from './shop-health.ts';
import { type Store, useStoreSession } from './shops-api.ts';
import { StatusBadge } from './status-badge.tsx';
import { StatusRow } from './status-row.tsx';

/** Where "sign in again" leads: the link dialog, with the login the shop was linked with already filled in. */
export function reloginHref(store: Store): string {
  return store.kaspi_login ? `/shops/link?login=${encodeURIComponent(store.kaspi_login)}` : '/shops/link';
}

export function ShopSession({ store }: { store: Store }) {
  const { t } = useTranslation('shops');
  const check = useStoreSession(store);
  const health = sessionHealth(store, check.data);
  const signIn = (
    <Button
      component={Link}
      to={reloginHref(store)}
      size="xs"
      variant={health.kind === 'sign_in_needed' ? 'filled' : 'light'}
      color={health.kind === 'sign_in_needed' ? 'red.9' : undefined}
      leftSection={<IconLogin2 size={14} aria-hidden />}
    >
      {t('session.signInAgain')}
    </Button>
  );
  return (
    <StatusRow label={t('session.label')}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          {health.kind === 'active' && (
            <>
              <StatusBadge tone="ok">{t('session.active')}</StatusBadge>
              <Text size="xs" c="gray.7">
                {t('session.checkedAt')} <When at={health.checkedAt} />
              </Text>
            </>
          )}
          {health.kind === 'checking' && <StatusBadge tone="neutral">{t('session.checking')}</StatusBadge>}
          {health.kind === 'renewing' && <StatusBadge tone="warn">{t('session.renewing')}</StatusBadge>}
          {health.kind === 'sign_in_needed' && <StatusBadge tone="bad">{t('session.signInNeeded')}</StatusBadge>}
          {health.kind === 'not_linked' && <StatusBadge tone="neutral">{t('session.notLinked')}</StatusBadge>}
        </Group>
        {health.kind === 'sign_in_needed' && health.reason && (
          <Text size="sm" c="red.8">
            {health.reason}
          </Text>
        )}
        {health.kind === 'not_linked' && <Text size="sm">{t('session.notLinkedHint')}</Text>}
        {(health.kind === 'sign_in_needed' || health.kind === 'not_linked') && <Group>{signIn}</Group>}
      </Stack>
    </StatusRow>
  );
}
