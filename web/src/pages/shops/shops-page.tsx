import { Button, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { LinkShopDialog } from './link-shop-dialog.tsx';
import { ShopCard } from './shop-card.tsx';
import { useStores } from './shops-api.ts';

/** /shops: every shop as a card (one column on a phone); /shops/link opens the link dialog over them. */
export function ShopsPage() {
  return (
    <Routes>
      <Route index element={<ShopsList />} />
      <Route path="link" element={<ShopsList linking />} />
      <Route path="*" element={<ShopsList />} />
    </Routes>
  );
}

function ShopsList({ linking = false }: { linking?: boolean }) {
  const { t } = useTranslation('shops');
  const stores = useStores();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = params.get('login') ?? undefined;

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button component={Link} to="/shops/link" leftSection={<IconPlus size={16} aria-hidden />}>
            {t('link')}
          </Button>
        }
      />
      <QueryState
        query={stores}
        isEmpty={(data) => data.results.length === 0}
        empty={
          <Stack align="center" gap="xs" maw={420} ta="center">
            <Title order={2} size="h4">
              {t('emptyTitle')}
            </Title>
            <Text c="gray.7">{t('emptyText')}</Text>
            <Button component={Link} to="/shops/link" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('link')}
            </Button>
          </Stack>
        }
      >
        {(data) => (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            {data.results.map((store) => (
              <ShopCard key={store.id} store={store} />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      {/* Keyed by the login so a re-login of another shop starts with its own login filled in. */}
      <LinkShopDialog key={login ?? ''} opened={linking} login={login} onClose={() => void navigate('/shops')} />
    </>
  );
}
