import { Anchor, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { adminKeys, fetchStores } from '../admin-api.ts';
import { useListParams } from '../list-params.ts';
import { parseUuid } from '../paging.ts';
import { PreordersTable } from './preorders-table.tsx';
import { ProductsTable } from './products-table.tsx';

/**
 * One user's products and preorders, read and edited through the ordinary lists with `user_id=` (admins
 * may; the API records every such write in the audit log). Deliberately small: the key columns and the
 * demper's rails, not a second catalogue.
 */
export function UserDataPage() {
  const { t } = useTranslation('admin');
  const userId = parseUuid(useParams().id);
  const { get, set } = useListParams();
  const tab = get('tab') === 'preorders' ? 'preorders' : 'products';
  // The user's shops name the shop column (a user has a handful); their owner's e-mail names the page.
  const stores = useQuery({ queryKey: adminKeys.stores('', userId, 1), queryFn: () => fetchStores('', userId, 1, 100), enabled: userId !== undefined });
  const email = get('email') || stores.data?.results[0]?.owner_email || userId;
  const storeNames = new Map((stores.data?.results ?? []).map((s) => [s.id, s.name]));

  if (!userId) return <Text c="dimmed">{t('data.badUser')}</Text>;
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/admin/users" size="sm">
        <IconArrowLeft size={14} aria-hidden style={{ verticalAlign: 'middle' }} /> {t('data.back')}
      </Anchor>
      <Text fw={600}>{t('data.title', { email })}</Text>
      <SegmentedControl
        aria-label={t('data.what')}
        value={tab}
        onChange={(value) => set({ tab: value === 'preorders' ? 'preorders' : null, search: null })}
        data={[
          { value: 'products', label: t('data.products') },
          { value: 'preorders', label: t('data.preorders') },
        ]}
        maw={360}
      />
      {tab === 'products' ? <ProductsTable userId={userId} storeNames={storeNames} /> : <PreordersTable userId={userId} storeNames={storeNames} />}
    </Stack>
  );
}
