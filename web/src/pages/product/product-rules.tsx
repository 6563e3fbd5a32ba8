import { Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.ts';
import { useCityName } from '../../components/city-name.tsx';
import { errorMessage } from '../../components/error-alert.tsx';
import { Money } from '../../components/money.tsx';
import { notify } from '../../components/readable.ts';
import { ScrollTable } from '../catalogue/scroll-table.tsx';
import { useDemperSettings } from '../demper/demper-queries.ts';
import type { ProductDetail } from './product-api.ts';

const approvalModes = ['auto', 'approve', 'notify'] as const;
type ApprovalMode = (typeof approvalModes)[number];

interface CityRule {
  min_price?: number | null;
  max_price?: number | null;
  step?: number;
  strategy?: string;
}

/** The product's rules, its priority switch, and each city's overrides (a city without one follows the product). */
export function ProductRules({ product }: { product: ProductDetail }) {
  const { t } = useTranslation('product');
  const { t: tc } = useTranslation(['catalogue', 'common']);
  const cityName = useCityName();
  const queryClient = useQueryClient();
  const priority = useMutation({
    mutationFn: (on: boolean) => unwrap(api.PATCH('/api/v1/products/{id}/', { params: { path: { id: product.id } }, body: { priority: on } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['products', 'one', product.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['products', 'list'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: product.name, message: errorMessage(error, (key) => tc(key, { ns: 'common' })) }),
  });
  const shopSettings = useDemperSettings(product.store_id);
  const approvalMode = useMutation({
    mutationFn: (mode: ApprovalMode | null) => unwrap(api.PATCH('/api/v1/products/{id}/', { params: { path: { id: product.id } }, body: { approval_mode: mode } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['products', 'one', product.id], updated);
      notify(t('approvalSaved'), tc('close', { ns: 'common' }), 'green');
    },
    onError: (error) => notifications.show({ color: 'red', title: product.name, message: errorMessage(error, (key) => tc(key, { ns: 'common' })) }),
  });
  const shopMode = shopSettings.data?.approval_mode;
  const strategy = (s: string | undefined) => (s ? tc(`strategies.${s as 'manual'}`, { ns: 'catalogue', defaultValue: s }) : t('follows'));
  const cityRules = Object.entries((product.city_rules ?? {}) as Record<string, CityRule>);
  const follows = (
    <Text span c="dimmed" size="sm">
      {t('follows')}
    </Text>
  );

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('rulesTitle')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="sm">
        <Field label={t('minPrice')}>
          <Money value={product.min_price} />
        </Field>
        <Field label={t('maxPrice')}>
          <Money value={product.max_price} />
        </Field>
        <Field label={t('step')}>
          <Money value={product.step} />
        </Field>
        <Field label={t('strategy')}>{strategy(product.strategy)}</Field>
      </SimpleGrid>
      <Text size="xs" c="dimmed" mb="sm">
        {t('editRulesHint')}
      </Text>
      <Switch
        label={t('priority')}
        description={t('priorityHint')}
        checked={priority.isPending ? Boolean(priority.variables) : product.priority}
        disabled={priority.isPending}
        onChange={(e) => priority.mutate(e.currentTarget.checked)}
        mb="md"
      />
      <Select
        label={t('approvalMode')}
        description={t('approvalModeHint')}
        data={[
          { value: '', label: t('approvalInherit', { mode: shopMode ? t(`approvalModes.${shopMode}`) : '…' }) },
          ...approvalModes.map((mode) => ({ value: mode, label: t(`approvalModes.${mode}`) })),
        ]}
        value={approvalMode.isPending ? (approvalMode.variables ?? '') : (product.approval_mode ?? '')}
        onChange={(v) => approvalMode.mutate(v ? (v as ApprovalMode) : null)}
        disabled={approvalMode.isPending}
        allowDeselect={false}
        mb="md"
        maw={360}
      />
      <Title order={3} size="h5" mb="xs">
        {t('cityRules')}
      </Title>
      {cityRules.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noCityRules')}
        </Text>
      ) : (
        <ScrollTable minWidth={480} label={t('cityRules')}>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('city')}</Table.Th>
                <Table.Th ta="right">{t('minPrice')}</Table.Th>
                <Table.Th ta="right">{t('maxPrice')}</Table.Th>
                <Table.Th ta="right">{t('step')}</Table.Th>
                <Table.Th>{t('strategy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cityRules.map(([city, rule]) => (
                <Table.Tr key={city}>
                  <Table.Td>{cityName(city)}</Table.Td>
                  <Table.Td ta="right">{rule.min_price === undefined ? follows : <Money value={rule.min_price} />}</Table.Td>
                  <Table.Td ta="right">{rule.max_price === undefined ? follows : <Money value={rule.max_price} />}</Table.Td>
                  <Table.Td ta="right">{rule.step === undefined ? follows : <Money value={rule.step} />}</Table.Td>
                  <Table.Td>{strategy(rule.strategy)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap={4}>
        <Text size="sm" fw={500}>
          {children}
        </Text>
      </Group>
    </Stack>
  );
}
