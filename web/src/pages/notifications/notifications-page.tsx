import { Box, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';
import { readableDimmed } from '../../components/readable.ts';
import { DeliveriesCard } from './deliveries.tsx';
import { PreferencesCard } from './preferences-form.tsx';
import { TelegramCard } from './telegram-card.tsx';
import { WebhooksCard } from './webhooks.tsx';

/** /notifications: where alerts go (Telegram), what they are about, webhooks, and what was delivered. */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  return (
    <Box style={readableDimmed} maw={1100}>
      <PageHeader title={t('title')} />
      <Text c="dimmed" mb="md">
        {t('intro')}
      </Text>
      {/* Status first (is Telegram linked, what was delivered), then the settings (UI.md). */}
      <Stack gap="md">
        <TelegramCard />
        <PreferencesCard />
        <WebhooksCard />
        <DeliveriesCard />
      </Stack>
    </Box>
  );
}
