import { Alert, Button, Group, NativeSelect, Paper, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useCityName } from '../../components/city-name.tsx';
import { errorMessage } from '../../components/error-alert.tsx';
import { formatPrice, parsePrice } from '../../format/price.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import type { ProductDetail } from './product-api.ts';

/** A price set by hand: pushed to Kaspi (every city, or one), then recorded in the history. */
export function ManualPrice({ product }: { product: ProductDetail }) {
  const { t } = useTranslation('product');
  const { t: tc } = useTranslation();
  const language = useLanguage();
  const cityName = useCityName();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [city, setCity] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const set = useMutation({
    mutationFn: (body: { product_id: string; price: number; city_id?: string }) => unwrap(api.POST('/api/v1/products/update_price/', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['products'] }),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const price = parsePrice(text);
    if (price === null || price < 10) return setProblem(t('badPrice'));
    setProblem(null);
    try {
      await set.mutateAsync({ product_id: product.id, price, ...(city && { city_id: city }) });
      setDone(t('priceSet', { price: formatPrice(price, language) }));
      setText('');
    } catch (error) {
      setProblem(isApiError(error) ? (error.fields['price'] ?? error.message) : errorMessage(error, tc));
    }
  }

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('manualTitle')}
      </Title>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput label={t('manualPrice')} inputMode="numeric" rightSection={<Text size="xs">₸</Text>} value={text} error={problem} onChange={(e) => setText(e.currentTarget.value)} w={180} />
          <NativeSelect
            label={t('manualCity')}
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            data={[{ value: '', label: t('manualEverywhere') }, ...product.city_prices.map((c) => ({ value: c.city_id, label: cityName(c.city_id) }))]}
          />
          <Button type="submit" loading={set.isPending} mt={25}>
            {t('setPrice')}
          </Button>
        </Group>
      </form>
      {done && (
        <Alert color="green" variant="light" mt="sm" role="status">
          {done}
        </Alert>
      )}
    </Paper>
  );
}
