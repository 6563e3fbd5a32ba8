import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';

/** What the pickers read of a shop (GET /kaspi/stores/). */
export interface StoreLike {
  id: string;
  name: string;
  merchant_id: string;
  points: { name: string; city_id: string | null; city_name: string | null; enabled: boolean }[];
  has_session: boolean;
  needs_reauth: boolean;
}

/**
 * The user's shops, under the `['stores', ...]` key so a `store` event refreshes them. One page of 500:
 * a seller with more shops than that would need a search here, which nobody has asked for.
 */
export function useStoreList() {
  return useQuery({
    // Not ['stores', 'list']: the shops page caches the API's page object ({count, results}) under that
    // key, and a page that came from there read it as this array (a blank Preorders page, a Demper page
    // that never went to the shop). Under ['stores', 'list', ...] the same invalidations reach it.
    queryKey: ['stores', 'list', 'array'],
    queryFn: async (): Promise<StoreLike[]> => {
      const page = await unwrap(api.GET('/api/v1/kaspi/stores/', { params: { query: { page_size: 500 } } }));
      return page.results as StoreLike[];
    },
  });
}

interface StorePickerProps {
  stores: StoreLike[];
  value: string | null;
  onChange: (storeId: string | null) => void;
  label: string;
  /** Adds an "all shops" choice (value null) with this label. */
  allLabel?: string;
}

/** A shop by its name (with the merchant id, since two shops of one account may share a name). */
export function StorePicker({ stores, value, onChange, label, allLabel }: StorePickerProps) {
  const data = [...(allLabel ? [{ value: '', label: allLabel }] : []), ...stores.map((s) => ({ value: s.id, label: `${s.name} · ${s.merchant_id}` }))];
  return (
    <Select
      label={label}
      data={data}
      value={value ?? ''}
      onChange={(v) => onChange(v ? v : null)}
      allowDeselect={false}
      searchable={stores.length > 8}
      w={{ base: '100%', xs: 320 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
