import { Anchor, Box, Button, Card, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { readableDimmed } from '../../components/readable.ts';
import { type StoreLike, StorePicker, useStoreList } from '../../components/store-picker.tsx';
import { DemperStatus } from './demper-status.tsx';
import { PriceFeed } from './price-feed.tsx';
import { Proposals } from './proposals.tsx';
import { DemperSettingsForm } from './settings-form.tsx';

function NoShops() {
  const { t } = useTranslation('demper');
  return (
    <Stack align="center" gap="sm">
      <Text c="dimmed">{t('noShops')}</Text>
      <Button component={Link} to="/shops">
        {t('linkShop')}
      </Button>
    </Stack>
  );
}

/** /demper: straight to the only shop; with several, a list to choose from. */
function ChooseShop() {
  const { t } = useTranslation('demper');
  const stores = useStoreList();
  return (
    <>
      <PageHeader title={t('title')} />
      <QueryState query={stores} isEmpty={(list) => list.length === 0} empty={<NoShops />}>
        {(list) =>
          list.length === 1 ? (
            <Navigate to={`/demper/${list[0]!.id}`} replace />
          ) : (
            <Stack gap="xs">
              <Text>{t('pickShop')}</Text>
              {list.map((s) => (
                <Card key={s.id} withBorder padding="sm">
                  <Anchor component={Link} to={`/demper/${s.id}`} fw={600}>
                    {s.name}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {s.merchant_id}
                  </Text>
                </Card>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}

function ShopDemper({ stores }: { stores: StoreLike[] }) {
  const { t } = useTranslation('demper');
  const { storeId = '' } = useParams();
  const navigate = useNavigate();
  const store = stores.find((s) => s.id === storeId);
  if (!store) return <Navigate to="/demper" replace />;
  return (
    <>
      <PageHeader
        title={`${t('title')}: ${store.name}`}
        actions={stores.length > 1 ? <StorePicker stores={stores} value={store.id} onChange={(id) => id && navigate(`/demper/${id}`)} label={t('shop')} /> : undefined}
      />
      {/* Status first, then what it does, then the settings (UI.md). Keyed by shop: switching starts afresh. */}
      <Stack gap="md" key={store.id}>
        <DemperStatus storeId={store.id} />
        <Proposals storeId={store.id} />
        <PriceFeed storeId={store.id} />
        <DemperSettingsForm storeId={store.id} />
      </Stack>
    </>
  );
}

function ShopRoute() {
  const stores = useStoreList();
  return (
    <QueryState query={stores} isEmpty={(list) => list.length === 0} empty={<NoShops />}>
      {(list) => <ShopDemper stores={list} />}
    </QueryState>
  );
}

/** The demper of one shop at a time: /demper chooses, /demper/:storeId shows it. */
export function DemperPage() {
  return (
    <Box style={readableDimmed}>
      <Routes>
        <Route index element={<ChooseShop />} />
        <Route path=":storeId" element={<ShopRoute />} />
      </Routes>
    </Box>
  );
}
