import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors.ts';
import { errorMessage } from '../../components/error-alert.tsx';
import { type BatchSet, type BulkResult, type ProductRow, type Target, useBulkAction, useUpdateProduct } from './products-api.ts';
import { type RuleField, readRuleInput } from './rule-input.ts';
import { strategies } from './strategies.ts';

interface Props {
  target: { kind: 'one'; row: ProductRow } | { kind: 'bulk'; target: Target; count: number; onDone: (result: BulkResult) => void };
  onClose: () => void;
}

const fields: RuleField[] = ['min_price', 'max_price', 'step'];
const labelKey = { min_price: 'columns.minPrice', max_price: 'columns.maxPrice', step: 'columns.step' } as const;

/**
 * Min / max / step / strategy in a small form: one product's rules on a phone (prefilled, PATCH), or the
 * same rules for a bulk selection (empty fields stay as they are; batch_update).
 */
export function RulesModal({ target, onClose }: Props) {
  const { t } = useTranslation('catalogue');
  const { t: tc } = useTranslation();
  const one = target.kind === 'one' ? target.row : null;
  const [values, setValues] = useState<Record<RuleField, string>>({
    min_price: one?.min_price != null ? String(one.min_price) : '',
    max_price: one?.max_price != null ? String(one.max_price) : '',
    step: one ? String(one.step) : '',
  });
  const [strategy, setStrategy] = useState(one?.strategy ?? '');
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [detail, setDetail] = useState<string | null>(null);
  const update = useUpdateProduct();
  const bulk = useBulkAction();
  const busy = update.isPending || bulk.isPending;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const set: BatchSet = {};
    const found: Record<string, string> = {};
    for (const field of fields) {
      // In bulk, an empty field means "leave it"; for one product an empty min/max clears the rail.
      if (!one && values[field].trim() === '') continue;
      const read = readRuleInput(field, values[field]);
      if ('problem' in read) found[field] = t(read.problem);
      else if (!one || read.value !== one[field]) (set as Record<string, number | null>)[field] = read.value;
    }
    if (strategy && (!one || strategy !== one.strategy)) set.strategy = strategy as (typeof strategies)[number];
    setProblems(found);
    setDetail(null);
    if (Object.keys(found).length) return;
    if (Object.keys(set).length === 0) {
      if (one) return onClose();
      return setDetail(t('nothingToSet'));
    }
    try {
      if (target.kind === 'one') {
        await update.mutateAsync({ id: target.row.id, patch: set });
      } else {
        target.onDone(await bulk.mutateAsync({ target: target.target, set }));
      }
      onClose();
    } catch (error) {
      // batch_update names a field as `set.min_price`; PATCH as `min_price`.
      if (isApiError(error) && Object.keys(error.fields).length) setProblems(Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k.replace(/^set\./, ''), v])));
      setDetail(errorMessage(error, tc));
    }
  }

  const title = one ? t('editTitle', { product: one.name }) : `${t('bulkTitle')} (${target.kind === 'bulk' ? target.count : 0})`;
  return (
    <Modal opened onClose={onClose} title={title} size="sm">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          {!one && (
            <Text size="sm" c="dimmed">
              {t('bulkHint')}
            </Text>
          )}
          {detail && (
            <Alert color="red" variant="light" role="alert">
              {detail}
            </Alert>
          )}
          {fields.map((field) => (
            <TextInput
              key={field}
              label={t(labelKey[field])}
              inputMode="numeric"
              rightSection={<Text size="xs">₸</Text>}
              value={values[field]}
              error={problems[field]}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setValues((v) => ({ ...v, [field]: text }));
              }}
            />
          ))}
          <NativeSelect
            label={t('columns.strategy')}
            value={strategy}
            error={problems['strategy']}
            onChange={(event) => setStrategy(event.currentTarget.value)}
            data={[...(one ? [] : [{ value: '', label: '—' }]), ...strategies.map((s) => ({ value: s, label: t(`strategies.${s}`) }))]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {one ? tc('save') : t('apply')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
