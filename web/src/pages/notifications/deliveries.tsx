import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state.tsx';
import { type StoreLike, useStoreList } from '../../components/store-picker.tsx';
import { When } from '../../components/when.tsx';
import { formatRelative } from '../../format/time.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { DELIVERIES_PAGE_SIZE, type Delivery, type DeliveryQuery, useDeliveries } from './notifications-api.ts';

const channels = ['telegram', 'webhook'] as const;
const statuses = ['pending', 'sent', 'failed'] as const;
const statusColor = { pending: 'yellow', sent: 'green', failed: 'red' } as const;

/** Why the last attempt failed, in the user's language, with the technical detail after it; the server's text for rows older than the codes. */
function DeliveryError({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation('notifications');
  if (!delivery.last_error_code) return delivery.last_error;
  const sentence = t(`deliveries.errors.${delivery.last_error_code}`);
  return delivery.last_error_detail ? `${sentence} (${delivery.last_error_detail})` : sentence;
}

function Status({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation('notifications');
  const language = useLanguage();
  return (
    <Stack gap={2}>
      <Badge color={statusColor[delivery.status]} variant="dot" c="dark.7">
        {t(`deliveries.statuses.${delivery.status}`)}
      </Badge>
      {delivery.status === 'pending' && delivery.next_attempt_at && (
        <Text size="xs" c="dimmed">
          {t('deliveries.nextAttempt', { when: formatRelative(delivery.next_attempt_at, language) })}
        </Text>
      )}
      {delivery.status !== 'sent' && delivery.last_error && (
        <Text size="xs" c={delivery.status === 'failed' ? 'red.9' : 'dimmed'} style={{ wordBreak: 'break-word' }}>
          <DeliveryError delivery={delivery} />
        </Text>
      )}
    </Stack>
  );
}

function What({ delivery, stores }: { delivery: Delivery; stores: StoreLike[] }) {
  const { t } = useTranslation('notifications');
  const shop = delivery.store_id ? stores.find((s) => s.id === delivery.store_id)?.name : undefined;
  return (
    <Stack gap={2}>
      <Text size="sm">{delivery.kinds.map((k) => t(`kinds.${k}`)).join(', ')}</Text>
      {shop && (
        <Text size="xs" c="dimmed">
          {shop}
        </Text>
      )}
    </Stack>
  );
}

function Where({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation('notifications');
  return (
    <Stack gap={2}>
      <Text size="sm">{t(`deliveries.channels.${delivery.channel}`)}</Text>
      {delivery.target && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {delivery.target}
        </Text>
      )}
    </Stack>
  );
}

/** The latest deliveries, newest first, filtered by channel and status: a table on a desktop, cards on a phone. */
export function DeliveriesCard() {
  const { t } = useTranslation('notifications');
  const [filter, setFilter] = useState<DeliveryQuery>({ page: 1 });
  const deliveries = useDeliveries(filter);
  const stores = useStoreList();
  const shopList = stores.data ?? [];
  const page = filter.page ?? 1;
  const setPage = (p: number) => setFilter((f) => ({ ...f, page: p }));

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="deliveries-title">
      <Title order={2} size="h4" id="deliveries-title" mb="sm">
        {t('deliveries.title')}
      </Title>
      <Group gap="sm" mb="sm" wrap="wrap">
        <Select
          label={t('deliveries.channel')}
          data={[{ value: '', label: t('deliveries.all') }, ...channels.map((c) => ({ value: c, label: t(`deliveries.channels.${c}`) }))]}
          value={filter.channel ?? ''}
          onChange={(v) => setFilter((f) => ({ ...f, page: 1, channel: (v || undefined) as DeliveryQuery['channel'] }))}
          allowDeselect={false}
          w={{ base: '100%', xs: 180 }}
        />
        <Select
          label={t('deliveries.status')}
          data={[{ value: '', label: t('deliveries.all') }, ...statuses.map((s) => ({ value: s, label: t(`deliveries.statuses.${s}`) }))]}
          value={filter.status ?? ''}
          onChange={(v) => setFilter((f) => ({ ...f, page: 1, status: (v || undefined) as DeliveryQuery['status'] }))}
          allowDeselect={false}
          w={{ base: '100%', xs: 180 }}
        />
      </Group>
      <QueryState query={deliveries} isEmpty={(p) => p.results.length === 0} empty={<Text c="dimmed">{t('deliveries.empty')}</Text>}>
        {(data) => {
          const pages = Math.max(1, Math.ceil(data.count / DELIVERIES_PAGE_SIZE));
          return (
            <Stack gap="sm">
              <Table visibleFrom="sm" striped verticalSpacing="xs" aria-labelledby="deliveries-title">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('deliveries.when')}</Table.Th>
                    <Table.Th>{t('deliveries.target')}</Table.Th>
                    <Table.Th>{t('deliveries.what')}</Table.Th>
                    <Table.Th>{t('deliveries.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        <When at={d.sent_at ?? d.created_at} />
                      </Table.Td>
                      <Table.Td>
                        <Where delivery={d} />
                      </Table.Td>
                      <Table.Td>
                        <What delivery={d} stores={shopList} />
                      </Table.Td>
                      <Table.Td>
                        <Status delivery={d} />
                        <Text size="xs" c="dimmed">
                          {t('deliveries.attempts', { count: d.attempts })}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Stack gap="xs" hiddenFrom="sm">
                {data.results.map((d) => (
                  <Card key={d.id} withBorder padding="xs">
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Where delivery={d} />
                      <Text size="sm">
                        <When at={d.sent_at ?? d.created_at} />
                      </Text>
                    </Group>
                    <What delivery={d} stores={shopList} />
                    <Group justify="space-between" align="flex-start" mt={4}>
                      <Status delivery={d} />
                      <Text size="xs" c="dimmed">
                        {t('deliveries.attempts', { count: d.attempts })}
                      </Text>
                    </Group>
                  </Card>
                ))}
              </Stack>
              {pages > 1 && (
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Button variant="default" size="compact-sm" leftSection={<IconChevronLeft size={14} aria-hidden />} disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    {t('deliveries.previous')}
                  </Button>
                  <Text size="sm" c="dimmed" aria-live="polite">
                    {t('deliveries.position', { page, pages, total: data.count })}
                  </Text>
                  <Button variant="default" size="compact-sm" rightSection={<IconChevronRight size={14} aria-hidden />} disabled={page >= pages} onClick={() => setPage(page + 1)}>
                    {t('deliveries.next')}
                  </Button>
                </Group>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Card>
  );
}
