import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';

export function CataloguePage() {
  const { t } = useTranslation('catalogue');
  return (
    <>
      <PageHeader title={t('title')} />
      <Text c="dimmed">…</Text>
    </>
  );
}
