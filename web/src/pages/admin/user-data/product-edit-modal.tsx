import { Button, Group, Modal, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors.ts';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { type UserProduct, updateProduct } from '../admin-api.ts';
import { railsProblem } from './rails.ts';

/** The demper's rails and switch of another user's product; the API checks the same rules and audits the change. */
export function ProductEditModal({ product, onClose }: { product: UserProduct; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [min, setMin] = useState<number | string>(product.min_price ?? '');
  const [max, setMax] = useState<number | string>(product.max_price ?? '');
  const [enabled, setEnabled] = useState(product.bot_active);
  const mutation = useMutation({
    mutationFn: (body: { min_price: number | null; max_price: number | null; bot_active: boolean }) => updateProduct(product.id, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
      notifications.show({ color: 'green', message: t('data.saved', { name: product.name }) });
      onClose();
    },
  });
  const problem = railsProblem(min, max);
  const fields = isApiError(mutation.error) ? mutation.error.fields : {};
  const toValue = (value: number | string) => (value === '' ? null : Number(value));

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': tc('close') }} title={t('data.editTitle')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (problem) return;
          mutation.mutate({ min_price: toValue(min), max_price: toValue(max), bot_active: enabled });
        }}
      >
        <Stack gap="sm">
          <Text size="sm" fw={500}>
            {product.name}
          </Text>
          <NumberInput
            label={t('data.minPrice')}
            description={t('data.tenge')}
            value={min}
            onChange={setMin}
            min={10}
            allowDecimal={false}
            thousandSeparator=" "
            suffix=" ₸"
            error={fields['min_price']}
          />
          <NumberInput
            label={t('data.maxPrice')}
            description={t('data.tenge')}
            value={max}
            onChange={setMax}
            min={10}
            allowDecimal={false}
            thousandSeparator=" "
            suffix=" ₸"
            error={(problem && t(`data.${problem}`)) || fields['max_price']}
          />
          <Switch label={t('data.demperSwitch')} checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {tc('cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={problem !== null}>
              {tc('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
