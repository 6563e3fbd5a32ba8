import { Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DeleteShop } from './delete-shop.tsx';
import { ShopDemper } from './shop-demper.tsx';
import { ShopProxy } from './shop-proxy.tsx';
import { ShopSession } from './shop-session.tsx';
import { ShopSync } from './shop-sync.tsx';
import { type Store, useLatestSync } from './shops-api.ts';

/** One shop, status first: session, sync, products, demper; then its settings (proxy) and delete. */
export function ShopCard({ store }: { store: Store }) {
  const { t } = useTranslation('shops');
  const sync = useLatestSync(store.id).data?.job;
  const notRepriceable = sync?.state === 'completed' && typeof sync.result?.['not_repriceable'] === 'number' ? sync.result['not_repriceable'] : 0;
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-labelledby={`shop-${store.id}`}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={`shop-${store.id}`}>
            {store.name}
          </Title>
          <Text size="sm" c="gray.7">
            {t('merchantId', { id: store.merchant_id })}
          </Text>
        </div>
        <ShopSession store={store} />
        <ShopSync store={store} />
        <ShopDemper store={store} notRepriceable={notRepriceable} />
        <Divider />
        <ShopProxy store={store} />
        <Group justify="flex-end">
          <DeleteShop store={store} />
        </Group>
      </Stack>
    </Card>
  );
}
