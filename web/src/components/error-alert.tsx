import { Alert, Button, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors.ts';

/** An API failure in the seller's words: the API's own `detail`, or what to do when the network failed. */
export function errorMessage(error: unknown, t: (key: 'networkError' | 'errorRetry') => string): string {
  if (isApiError(error)) return error.status === 0 ? t('networkError') : error.message;
  return t('errorRetry');
}

export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title ?? t('error')} role="alert">
      <Group justify="space-between" align="center" wrap="wrap" gap="xs">
        <span>{errorMessage(error, t)}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('retry')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
