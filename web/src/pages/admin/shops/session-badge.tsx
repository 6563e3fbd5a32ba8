import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdminStore } from '../admin-api.ts';

/** The shop's Kaspi session in the glossary's words: active, sign-in needed (with Kaspi's reason), or never linked. */
export function SessionBadge({ store }: { store: Pick<AdminStore, 'has_session' | 'needs_reauth' | 'reauth_reason'> }) {
  const { t } = useTranslation('admin');
  if (store.needs_reauth) {
    const badge = (
      <Badge color="red" variant="dot" tt="none">
        {t('shops.sessionReauth')}
      </Badge>
    );
    return store.reauth_reason ? <Tooltip label={store.reauth_reason}>{badge}</Tooltip> : badge;
  }
  if (store.has_session)
    return (
      <Badge color="green" variant="dot" tt="none">
        {t('shops.sessionActive')}
      </Badge>
    );
  return (
    <Badge color="gray" variant="dot" tt="none">
      {t('shops.sessionNone')}
    </Badge>
  );
}
