import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { pageCount } from './paging.ts';

/** Previous / "page 2 of 5 (93)" / next: real buttons with words, narrow enough for a phone. */
export function Pager({ page, count, onPage }: { page: number; count: number; onPage: (page: number) => void }) {
  const { t } = useTranslation('admin');
  const pages = pageCount(count);
  if (count === 0) return null;
  return (
    <Group justify="space-between" mt="sm" gap="xs" wrap="nowrap">
      <Button variant="default" size="compact-sm" leftSection={<IconChevronLeft size={14} aria-hidden />} disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label={t('pager.previous')}>
        <Text span inherit visibleFrom="xs">
          {t('pager.previous')}
        </Text>
      </Button>
      <Text size="sm" c="dimmed" ta="center" aria-live="polite">
        {t('pager.position', { page, pages, total: count })}
      </Text>
      <Button variant="default" size="compact-sm" rightSection={<IconChevronRight size={14} aria-hidden />} disabled={page >= pages} onClick={() => onPage(page + 1)} aria-label={t('pager.next')}>
        <Text span inherit visibleFrom="xs">
          {t('pager.next')}
        </Text>
      </Button>
    </Group>
  );
}
