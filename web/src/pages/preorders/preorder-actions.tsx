import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { notify, readableDimmed } from '../../components/readable.ts';
import type { Preorder } from './preorder-request.ts';

/** Change a preorder's days: Kaspi gets the whole preorder again, so it is `pending` until the storefront shows it. */
export function ChangeDaysModal({ preorder, onClose }: { preorder: Preorder | null; onClose: () => void }) {
  const { t } = useTranslation('preorders');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [days, setDays] = useState<number | ''>(preorder?.delivery_days ?? 30);
  const save = useMutation({
    mutationFn: (delivery_days: number) => unwrap(api.PATCH('/api/v1/preorders/{id}/', { params: { path: { id: preorder!.id } }, body: { delivery_days } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['preorders'] });
      notify(t('daysSaved'), tc('close'), 'green');
      onClose();
    },
  });
  const fieldError = save.error && isApiError(save.error) ? save.error.fields['delivery_days'] : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (days !== '') save.mutate(days);
  };
  return (
    <Modal
      opened={preorder !== null}
      onClose={onClose}
      title={preorder ? t('changeDaysTitle', { name: preorder.name }) : ''}
      styles={{ content: readableDimmed }}
      closeButtonProps={{ 'aria-label': tc('close') }}
    >
      <form onSubmit={submit}>
        <Stack>
          <NumberInput
            label={t('deliveryDays')}
            description={t('deliveryDaysHint')}
            value={days}
            onChange={(v) => setDays(typeof v === 'number' ? v : '')}
            min={1}
            max={30}
            allowDecimal={false}
            allowNegative={false}
            error={fieldError}
            data-autofocus
          />
          {save.isError && !fieldError && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={days === ''}>
              {tc('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Removal says what happens on Kaspi before it happens: the points go back to normal sale. */
export function RemoveModal({ preorder, onClose }: { preorder: Preorder | null; onClose: () => void }) {
  const { t } = useTranslation('preorders');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/preorders/{id}/', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['preorders'] });
      notify(t('removed'), tc('close'), 'green');
      onClose();
    },
  });
  return (
    <Modal opened={preorder !== null} onClose={onClose} title={t('removeTitle')} styles={{ content: readableDimmed }} closeButtonProps={{ 'aria-label': tc('close') }}>
      {preorder && (
        <Stack>
          <Text>{t('removeText', { name: preorder.name, points: preorder.warehouses.map((w) => w.point).join(', ') || '—' })}</Text>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              {tc('cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(preorder.id)}>
              {t('remove')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
