import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors.ts';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { type UserPreorder, updatePreorder } from '../admin-api.ts';

/** Price and delivery days of another user's preorder; the API validates, pushes to Kaspi and audits it. */
export function PreorderEditModal({ preorder, onClose }: { preorder: UserPreorder; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [price, setPrice] = useState<number | string>(preorder.price ?? '');
  const [days, setDays] = useState<number | string>(preorder.delivery_days);
  const mutation = useMutation({
    mutationFn: (body: { price: number | null; delivery_days: number }) => updatePreorder(preorder.id, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['preorders'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
      notifications.show({ color: 'green', message: t('data.saved', { name: preorder.name }) });
      onClose();
    },
  });
  const fields = isApiError(mutation.error) ? mutation.error.fields : {};

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': tc('close') }} title={t('data.editPreorderTitle')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate({ price: price === '' ? null : Number(price), delivery_days: Number(days) });
        }}
      >
        <Stack gap="sm">
          <Text size="sm" fw={500}>
            {preorder.name}
          </Text>
          <NumberInput
            label={t('data.price')}
            description={t('data.tenge')}
            value={price}
            onChange={setPrice}
            min={10}
            allowDecimal={false}
            thousandSeparator=" "
            suffix=" ₸"
            error={fields['price']}
          />
          <NumberInput label={t('data.deliveryDays')} value={days} onChange={setDays} min={1} max={30} allowDecimal={false} required error={fields['delivery_days']} />
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {tc('cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={days === ''}>
              {tc('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
