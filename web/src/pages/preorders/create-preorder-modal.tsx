import { Alert, Button, Checkbox, Group, Modal, MultiSelect, NumberInput, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useCityName } from '../../components/city-name.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { notify, readableDimmed } from '../../components/readable.ts';
import { type StoreLike, StorePicker } from '../../components/store-picker.tsx';
import { BATCH_LIMIT, type CreateForm, createProblems, createRequest, pointErrors } from './preorder-request.ts';

/** The shop's products matching what the seller typed, for the picker (20 at a time, found on the server). */
function useProductSearch(storeId: string, search: string) {
  return useQuery({
    queryKey: ['products', 'preorder-picker', storeId, search],
    queryFn: () => unwrap(api.GET('/api/v1/products/', { params: { query: { store_id: storeId, search: search || undefined, page_size: 20, ordering: 'name' } } })),
    placeholderData: keepPreviousData,
  });
}

function CreatePreorderForm({ stores, initialStoreId, onClose }: { stores: StoreLike[]; initialStoreId: string; onClose: () => void }) {
  const { t } = useTranslation('preorders');
  const { t: tc } = useTranslation();
  const cityName = useCityName();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CreateForm>({ storeId: initialStoreId, productIds: [], points: {}, deliveryDays: 30 });
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [problems, setProblems] = useState<ReturnType<typeof createProblems>>([]);
  const products = useProductSearch(form.storeId, debounced);
  const store = stores.find((s) => s.id === form.storeId);
  const points = store?.points ?? [];

  const create = useMutation({
    mutationFn: async () => {
      const request = createRequest(form);
      if (request.kind === 'single') return [await unwrap(api.POST('/api/v1/preorders/', { body: request.body }))];
      return unwrap(api.POST('/api/v1/preorders/batch/', { body: request.body }));
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['preorders'] });
      notify(t('created', { count: created.length }), tc('close'), 'green');
      onClose();
    },
  });
  const fields = create.error && isApiError(create.error) ? create.error.fields : {};
  const byPoint = pointErrors(fields, Object.keys(form.points));
  const daysError = Object.entries(fields).find(([name]) => name.endsWith('delivery_days'))?.[1];

  // Found products first, then the ones already chosen (so their names stay when the search moves on).
  const found = (products.data?.results ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.kaspi_sku}` }));
  const chosen = form.productIds.filter((id) => !found.some((f) => f.value === id)).map((id) => ({ value: id, label: labels[id] ?? id }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = createProblems(form);
    setProblems(wrong);
    if (!wrong.length) create.mutate();
  };
  const togglePoint = (name: string, on: boolean) =>
    setForm((f) => {
      const next = { ...f.points };
      if (on) next[name] = 0;
      else delete next[name];
      return { ...f, points: next };
    });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {stores.length > 1 && (
          <StorePicker stores={stores} value={form.storeId} onChange={(id) => id && setForm({ storeId: id, productIds: [], points: {}, deliveryDays: form.deliveryDays })} label={t('shop')} />
        )}
        <MultiSelect
          label={t('products')}
          description={t('productsHint')}
          data={[...found, ...chosen]}
          value={form.productIds}
          onChange={(ids) => {
            const all = [...found, ...chosen];
            setLabels((l) => ({ ...l, ...Object.fromEntries(ids.map((id) => [id, all.find((o) => o.value === id)?.label ?? l[id] ?? id])) }));
            setForm((f) => ({ ...f, productIds: ids }));
          }}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          nothingFoundMessage={products.isFetching ? tc('loading') : t('productsEmpty')}
          maxValues={BATCH_LIMIT}
          error={problems.includes('chooseProducts') ? t('chooseProducts') : undefined}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
        <Stack gap={6} role="group" aria-labelledby="preorder-points-label" aria-describedby="preorder-points-hint">
          <Text size="sm" fw={500} id="preorder-points-label">
            {t('pointsLabel')}
          </Text>
          <Text size="xs" c="dimmed" id="preorder-points-hint">
            {t('pointsHint')}
          </Text>
          {points.length === 0 && (
            <Alert color="orange" variant="light">
              {t('pointsUnknown')}
            </Alert>
          )}
          {points.map((p) => {
            const ticked = p.name in form.points;
            const city = p.city_id ? cityName(p.city_id) : (p.city_name ?? '—');
            return (
              <Group key={p.name} gap="sm" align="flex-start" wrap="nowrap">
                <Checkbox
                  mt={8}
                  label={`${p.name} · ${city}${p.enabled ? '' : ` (${t('pointDisabled')})`}`}
                  checked={ticked}
                  disabled={!p.enabled && !ticked}
                  onChange={(e) => togglePoint(p.name, e.currentTarget.checked)}
                  style={{ flex: 1 }}
                  error={byPoint[p.name]}
                />
                {ticked && (
                  <NumberInput
                    aria-label={t('quantityOf', { point: p.name })}
                    w={110}
                    min={0}
                    max={1_000_000}
                    allowDecimal={false}
                    allowNegative={false}
                    value={form.points[p.name]}
                    onChange={(v) => setForm((f) => ({ ...f, points: { ...f.points, [p.name]: typeof v === 'number' ? v : '' } }))}
                    suffix={` ${t('pcs')}`}
                  />
                )}
              </Group>
            );
          })}
          {problems.includes('choosePoints') && (
            <Text size="xs" c="red.9">
              {t('choosePoints')}
            </Text>
          )}
        </Stack>
        <NumberInput
          label={t('deliveryDays')}
          description={t('deliveryDaysHint')}
          min={1}
          max={30}
          allowDecimal={false}
          allowNegative={false}
          value={form.deliveryDays}
          onChange={(v) => setForm((f) => ({ ...f, deliveryDays: typeof v === 'number' ? v : '' }))}
          error={daysError}
        />
        {create.isError && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Create one preorder or a batch (same points and days for each) for one shop. */
export function CreatePreorderModal({ opened, stores, storeId, onClose }: { opened: boolean; stores: StoreLike[]; storeId: string | null; onClose: () => void }) {
  const { t } = useTranslation('preorders');
  const { t: tc } = useTranslation();
  // Without a shop chosen, the first one that can take preorders (its pickup points are known).
  const initial = storeId ?? (stores.find((s) => s.points.length > 0) ?? stores[0])?.id;
  return (
    <Modal opened={opened} onClose={onClose} title={t('createTitle')} size="lg" styles={{ content: readableDimmed }} closeButtonProps={{ 'aria-label': tc('close') }}>
      {opened && initial && <CreatePreorderForm stores={stores} initialStoreId={initial} onClose={onClose} />}
    </Modal>
  );
}
