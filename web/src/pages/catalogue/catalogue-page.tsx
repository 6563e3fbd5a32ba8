import { Box, Group, Loader, NativeSelect, Pagination, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { BulkBar } from './bulk-bar.tsx';
import { activeFilterCount, filterOf, lastPage, pageSizes } from './catalogue-query.ts';
import { FiltersBar } from './filters-bar.tsx';
import { ProductCards } from './product-cards.tsx';
import { useProductPage } from './products-api.ts';
import { ProductsTable } from './products-table.tsx';
import { noSelection, pageState, type Selection, togglePage, toggleRow } from './selection.ts';
import { useCatalogueQuery } from './use-catalogue-query.ts';

/** Every product of the user's shops: one server page at a time, the view kept in the URL. */
export function CataloguePage() {
  const { t } = useTranslation('catalogue');
  const [query, change] = useCatalogueQuery();
  const products = useProductPage(query);
  const phone = useMediaQuery('(max-width: 48em)');
  // A different filter is a different set of products: a selection made under the old one does not carry over.
  const filterKey = JSON.stringify(filterOf(query));
  const [selected, setSelected] = useState<{ key: string; selection: Selection }>({ key: filterKey, selection: noSelection });
  const selection = selected.key === filterKey ? selected.selection : noSelection;
  const setSelection = (next: Selection | ((current: Selection) => Selection)) => setSelected({ key: filterKey, selection: typeof next === 'function' ? next(selection) : next });

  const rows = products.data?.results ?? [];
  const pageIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const count = products.data?.count ?? 0;
  const pages = lastPage(count, query.page_size);
  const filtered = activeFilterCount(query) > 0 || query.search.trim() !== '';

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          products.data && (
            <Group gap="xs">
              {products.isFetching && <Loader size="xs" role="status" aria-label={t('updating')} />}
              <Text size="sm" c="dimmed" aria-live="polite">
                {t('found', { count })}
              </Text>
            </Group>
          )
        }
      />
      <FiltersBar query={query} onChange={change} />
      <BulkBar
        selection={selection}
        filters={query}
        matching={count}
        pageRows={rows}
        pageAllTicked={pageState(selection, pageIds) === 'all'}
        onSelectAll={() => setSelection({ kind: 'all' })}
        onClear={() => setSelection(noSelection)}
      />
      <QueryState query={products} isEmpty={(page) => page.results.length === 0} empty={<Text c="dimmed">{filtered ? t('noMatches') : t('noProducts')}</Text>}>
        {() => (
          <Stack gap="sm">
            {/* The previous page stays on screen, dimmed, while the next one loads. */}
            <Box aria-busy={products.isPlaceholderData} style={{ opacity: products.isPlaceholderData ? 0.55 : 1, transition: 'opacity 120ms' }}>
              {phone ? (
                <ProductCards rows={rows} selection={selection} onToggleRow={(id) => setSelection((s) => toggleRow(s, id, pageIds))} />
              ) : (
                <ProductsTable
                  rows={rows}
                  selection={selection}
                  onToggleRow={(id) => setSelection((s) => toggleRow(s, id, pageIds))}
                  onTogglePage={() => setSelection((s) => togglePage(s, pageIds))}
                />
              )}
            </Box>
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Text size="sm" c="dimmed">
                {t('pageOf', { page: query.page, pages })}
              </Text>
              <Pagination
                total={pages}
                value={Math.min(query.page, pages)}
                onChange={(page) => change({ page })}
                siblings={phone ? 0 : 1}
                boundaries={1}
                size={phone ? 'sm' : 'md'}
                aria-label={t('pagination')}
                getControlProps={(control) => ({ 'aria-label': t(`pageControls.${control}`) })}
              />
              <NativeSelect
                label={t('pageSize')}
                size="xs"
                w={110}
                value={String(query.page_size)}
                onChange={(e) => change({ page_size: Number(e.currentTarget.value) })}
                data={pageSizes.map(String)}
              />
            </Group>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
