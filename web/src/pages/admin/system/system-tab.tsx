import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/query-state.tsx';
import { When } from '../../../components/when.tsx';
import { adminKeys, fetchSystem, type SystemView } from '../admin-api.ts';
import { HealthCard, OkBadge } from './health-card.tsx';
import { ScrollRegion } from './scroll-table.tsx';

/** How often the open page asks again: fresh enough to watch a queue drain, light on the API. */
const REFRESH_MS = 5_000;

/** The service's own health: database, Redis, the job queue, workers alive, Kaspi budgets in use, bans and pauses. */
export function SystemTab() {
  const { t } = useTranslation('admin');
  const query = useQuery({ queryKey: adminKeys.system, queryFn: fetchSystem, refetchInterval: REFRESH_MS, refetchIntervalInBackground: false, staleTime: 0 });
  return (
    <QueryState query={query}>
      {(system) => (
        <Stack gap="lg">
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('system.updated')} <When at={new Date(query.dataUpdatedAt).toISOString()} />
            </Text>
            {query.isError && (
              <Badge color="red" variant="dot" tt="none">
                {t('system.stale')}
              </Badge>
            )}
          </Group>
          <Overview system={system} />
          <Section title={t('system.workers')} empty={system.queue.kind === 'in-process' ? t('system.embeddedWorkers') : t('system.noWorkers')} rows={system.workers.length}>
            <ScrollRegion label={t('system.workers')} minWidth={640}>
              <Table verticalSpacing={4} aria-label={t('system.workers')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('system.worker')}</Table.Th>
                    <Table.Th>{t('system.state')}</Table.Th>
                    <Table.Th>{t('system.started')}</Table.Th>
                    <Table.Th>{t('system.lastSeen')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {system.workers.map((worker) => (
                    <Table.Tr key={worker.id}>
                      <Table.Td>
                        <Text size="sm">{worker.host}</Text>
                        <Text size="xs" c="dimmed">
                          pid {worker.pid}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <OkBadge ok={worker.alive} yes={t('system.alive')} no={t('system.silent')} />
                      </Table.Td>
                      <Table.Td>
                        <When at={worker.started_at} />
                      </Table.Td>
                      <Table.Td>
                        <When at={worker.last_seen_at} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Section>
          <Section title={t('system.budgets')} empty={t('system.noBudgets')} rows={system.budgets.length}>
            <ScrollRegion label={t('system.budgets')} minWidth={640}>
              <Table verticalSpacing={4} aria-label={t('system.budgets')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('system.budget')}</Table.Th>
                    <Table.Th>{t('system.key')}</Table.Th>
                    <Table.Th ta="right">{t('system.used')}</Table.Th>
                    <Table.Th>{t('system.pausedUntil')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {system.budgets.map((budget) => (
                    <Table.Tr key={`${budget.name}:${budget.key}`}>
                      <Table.Td>{budget.name}</Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {budget.key}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" c={budget.used > budget.limit ? 'orange' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {t('system.usedOf', { used: budget.used, limit: budget.limit, seconds: Math.round(budget.window_ms / 1000) })}
                        </Text>
                      </Table.Td>
                      <Table.Td>{budget.paused_until ? <When at={budget.paused_until} /> : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Section>
          <Section title={t('system.pauses')} empty={t('system.noPauses')} rows={system.pauses.length}>
            <ScrollRegion label={t('system.pauses')} minWidth={640}>
              <Table verticalSpacing={4} aria-label={t('system.pauses')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('system.shop')}</Table.Th>
                    <Table.Th>{t('system.kind')}</Table.Th>
                    <Table.Th>{t('system.key')}</Table.Th>
                    <Table.Th>{t('system.until')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {system.pauses.map((pause) => (
                    <Table.Tr key={`${pause.kind}:${pause.key}:${pause.store_id ?? ''}`}>
                      <Table.Td>{pause.store_name ?? '—'}</Table.Td>
                      <Table.Td>{pauseKind(pause.kind, t)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {pause.key}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <When at={pause.until} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Section>
        </Stack>
      )}
    </QueryState>
  );
}

function pauseKind(kind: SystemView['pauses'][number]['kind'], t: (key: `system.pauseKinds.${typeof kind}`) => string): string {
  return t(`system.pauseKinds.${kind}`);
}

function Overview({ system }: { system: SystemView }) {
  const { t } = useTranslation('admin');
  const { queue } = system;
  const ms = (value: number | null) => (value === null ? '—' : t('system.ms', { value: Math.round(value * 10) / 10 }));
  const alive = system.workers.filter((w) => w.alive).length;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      <HealthCard title={t('system.database')} ok={system.database.ok} detail={ms(system.database.latency_ms)} />
      {system.redis ? <HealthCard title="Redis" ok={system.redis.ok} detail={ms(system.redis.latency_ms)} /> : <HealthCard title="Redis" ok={null} detail={t('system.embedded')} />}
      <Paper withBorder p="sm" radius="md">
        <Text size="sm" c="dimmed">
          {t('system.queue')} ({queue.kind === 'bullmq' ? 'BullMQ' : t('system.inProcess')})
        </Text>
        <Text size="sm">{t('system.queueCounts', { waiting: queue.waiting ?? '—', active: queue.active ?? '—', delayed: queue.delayed ?? '—' })}</Text>
        <Text size="sm" c={queue.failed ? 'red' : 'dimmed'}>
          {t('system.failed24h', { failed: queue.failed ?? '—' })}
        </Text>
      </Paper>
      {system.workers.length === 0 && queue.kind === 'in-process' ? (
        // Embedded mode: the API process itself runs the jobs, so there is no separate worker to watch.
        <HealthCard title={t('system.workers')} ok={null} detail={t('system.inThisProcess')} />
      ) : (
        <HealthCard title={t('system.workers')} ok={system.workers.length > 0 && alive === system.workers.length} detail={t('system.aliveOf', { alive, total: system.workers.length })} />
      )}
      {queue.by_type.length > 0 && (
        <Paper withBorder p="sm" radius="md" style={{ gridColumn: '1 / -1' }}>
          <ScrollRegion label={t('system.byType')} minWidth={420}>
            <Table verticalSpacing={2} aria-label={t('system.byType')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('system.jobType')}</Table.Th>
                  <Table.Th ta="right">{t('system.queued')}</Table.Th>
                  <Table.Th ta="right">{t('system.running')}</Table.Th>
                  <Table.Th ta="right">{t('system.failedShort')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.by_type.map((row) => (
                  <Table.Tr key={row.type}>
                    <Table.Td>{row.type}</Table.Td>
                    <Table.Td ta="right">{row.queued}</Table.Td>
                    <Table.Td ta="right">{row.running}</Table.Td>
                    <Table.Td ta="right">{row.failed}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
    </SimpleGrid>
  );
}

function Section({ title, empty, rows, children }: { title: string; empty: string; rows: number; children: ReactNode }) {
  return (
    <Stack gap={6} component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {rows === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}
