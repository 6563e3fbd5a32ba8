import { Button, Collapse, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activeFilterCount, type CatalogueQuery, defaultQuery, type KaspiStatus, type Ordering, orderings } from './catalogue-query.ts';
import { useShops } from './products-api.ts';

type Change = (change: Partial<CatalogueQuery>) => void;

const boolValue = (value: boolean | undefined) => (value === undefined ? '' : String(value));
const readBool = (value: string) => (value === '' ? undefined : value === 'true');

/** Search (debounced: one request when typing stops), ordering and filters. On a phone the filters fold. */
export function FiltersBar({ query, onChange }: { query: CatalogueQuery; onChange: Change }) {
  const { t } = useTranslation('catalogue');
  const phone = useMediaQuery('(max-width: 48em)');
  const [open, { toggle }] = useDisclosure(false);
  const [search, setSearch] = useState(query.search);
  const [debounced] = useDebouncedValue(search, 300);
  const [category, setCategory] = useState(query.category ?? '');
  const [debouncedCategory] = useDebouncedValue(category, 400);

  // A link or Back may change the URL under the field: follow it.
  useEffect(() => setSearch(query.search), [query.search]);
  useEffect(() => setCategory(query.category ?? ''), [query.category]);
  // Only a settled value is sent, and only when it settles: a URL change (Back, a link) must not be
  // overwritten by the field's older text, so the URL's value is deliberately not a dependency.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typed text settles, see above
  useEffect(() => {
    if (debounced !== query.search) onChange({ search: debounced });
  }, [debounced]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the same for the category field
  useEffect(() => {
    if ((debouncedCategory.trim() || undefined) !== query.category) onChange({ category: debouncedCategory.trim() || undefined });
  }, [debouncedCategory]);

  const count = activeFilterCount(query);
  const filters = (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
      <ShopFilter value={query.store_id} onChange={(store_id) => onChange({ store_id })} />
      <NativeSelect
        label={t('demper')}
        value={boolValue(query.bot_active)}
        onChange={(e) => onChange({ bot_active: readBool(e.currentTarget.value) })}
        data={[
          { value: '', label: t('any') },
          { value: 'true', label: t('demperOn') },
          { value: 'false', label: t('demperOff') },
        ]}
      />
      <NativeSelect
        label={t('kaspiStatus')}
        value={query.kaspi_status ?? ''}
        onChange={(e) => onChange({ kaspi_status: (e.currentTarget.value || undefined) as KaspiStatus | undefined })}
        data={[
          { value: '', label: t('any') },
          { value: 'active', label: t('statusActive') },
          { value: 'removed', label: t('statusRemoved') },
        ]}
      />
      <TextInput label={t('category')} placeholder={t('categoryPlaceholder')} value={category} onChange={(e) => setCategory(e.currentTarget.value)} />
      <NativeSelect
        label={t('repriceable')}
        value={boolValue(query.repriceable)}
        onChange={(e) => onChange({ repriceable: readBool(e.currentTarget.value) })}
        data={[
          { value: '', label: t('any') },
          { value: 'true', label: t('repriceableYes') },
          { value: 'false', label: t('repriceableNo') },
        ]}
      />
    </SimpleGrid>
  );

  return (
    <>
      <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <TextInput
          label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
        />
        <NativeSelect
          label={t('sort')}
          value={query.ordering}
          onChange={(e) => onChange({ ordering: e.currentTarget.value as Ordering })}
          data={orderings.map((o) => ({ value: o, label: t(`orderings.${o}`) }))}
          style={{ flex: '0 1 220px' }}
        />
        {phone && (
          <Button variant="default" leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />} onClick={toggle} aria-expanded={open}>
            {t('filters')}
            {count > 0 ? ` (${count})` : ''}
          </Button>
        )}
        {count > 0 && !phone && (
          <Button
            variant="subtle"
            onClick={() => onChange({ store_id: undefined, bot_active: undefined, kaspi_status: undefined, category: undefined, repriceable: undefined, page: defaultQuery.page })}
          >
            {t('resetFilters')}
          </Button>
        )}
      </Group>
      {phone ? (
        <Collapse expanded={open} mb="sm">
          {filters}
        </Collapse>
      ) : (
        <div style={{ marginBottom: 'var(--mantine-spacing-sm)' }}>{filters}</div>
      )}
    </>
  );
}

function ShopFilter({ value, onChange }: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation('catalogue');
  const shops = useShops();
  const list = shops.data?.results ?? [];
  return (
    <NativeSelect
      label={t('shop')}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value || undefined)}
      data={[{ value: '', label: t('allShops') }, ...list.map((s) => ({ value: s.id, label: s.name }))]}
    />
  );
}
