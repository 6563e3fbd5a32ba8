import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';

export function JobsPage() {
  const { t } = useTranslation('jobs');
  return (
    <>
      <PageHeader title={t('title')} />
      <Text c="dimmed">…</Text>
    </>
  );
}
