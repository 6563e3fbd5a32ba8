import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** The file name the API gave (Content-Disposition), or a readable one. */
function fileName(response: Response, fallback: string): string {
  const match = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** Saves a blob as a download without leaving the page. */
function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Kaspi's XLSX price list of the shop's preorders: download it (GET /preorders/export/), or have the
 * service send it to Kaspi's price-list upload (POST /preorders/upload/) and show what Kaspi answered.
 */
export function PriceListActions({ storeId }: { storeId: string }) {
  const { t } = useTranslation('preorders');
  const { t: tc } = useTranslation();
  const exportFile = useMutation({
    mutationFn: async () => {
      const { data, response } = await api.GET('/api/v1/preorders/export/', { params: { query: { store_id: storeId } }, parseAs: 'blob' });
      if (!response.ok || !data)
        await unwrap(
          Promise.resolve({
            error: await response
              .clone()
              .json()
              .catch(() => undefined),
            response,
          }),
        );
      download(data as Blob, fileName(response, `preorders-${storeId}.xlsx`));
    },
  });
  const upload = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/preorders/upload/', { body: { store_id: storeId } })),
  });
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={exportFile.isPending} onClick={() => exportFile.mutate()}>
          {t('export')}
        </Button>
        <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} loading={upload.isPending} onClick={() => upload.mutate()}>
          {t('upload')}
        </Button>
      </Group>
      {exportFile.isError && <ErrorAlert error={exportFile.error} />}
      {upload.isError && <ErrorAlert error={upload.error} />}
      {upload.isSuccess && (
        <Alert color="green" variant="light" withCloseButton onClose={() => upload.reset()} closeButtonLabel={tc('close')}>
          <Text size="sm" fw={700}>
            {t('uploadTitle')}
          </Text>
          <Text size="sm">{t('uploadRows', { count: upload.data.rows })}</Text>
          <Text size="sm" mt="xs">
            {t('kaspiAnswer')}:
          </Text>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {JSON.stringify(upload.data.kaspi, null, 2)}
          </Code>
        </Alert>
      )}
    </Stack>
  );
}
