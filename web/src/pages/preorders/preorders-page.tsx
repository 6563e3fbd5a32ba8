import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';

export function PreordersPage() {
  const { t } = useTranslation('preorders');
  return (
    <>
      <PageHeader title={t('title')} />
      <Text c="dimmed">…</Text>
    </>
  );
}
