import { Anchor, Box, Group, Select, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/query-state.tsx';
import { formatDateTime } from '../../../format/time.ts';
import { useLanguage } from '../../../i18n/use-language.ts';
import { adminKeys, fetchAudit } from '../admin-api.ts';
import { useListParams } from '../list-params.ts';
import { MobileCard, MobileList } from '../mobile-card.tsx';
import { Pager } from '../pager.tsx';
import { parseUuid } from '../paging.ts';
import { actionKey, describeTarget, isKnownAction, knownActions, summariseDetails } from './audit-format.ts';

/** Who did what to whom and when (Almaty time), newest first; filter by action or by the admin who acted. */
export function AuditTab() {
  const { t } = useTranslation('admin');
  const language = useLanguage();
  const { page, get, set } = useListParams();
  const action = get('action') || undefined;
  const actorId = parseUuid(get('actor_id'));
  const query = useQuery({ queryKey: adminKeys.audit(action, actorId, page), queryFn: () => fetchAudit(action, actorId, page), placeholderData: keepPreviousData });
  const actionLabel = (name: string) => (isKnownAction(name) ? t(`audit.actions.${actionKey(name)}` as 'audit.actions.user_disable') : name);

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('audit.filterAction')}
          placeholder={t('audit.anyAction')}
          data={knownActions.map((value) => ({ value, label: actionLabel(value) }))}
          value={action ?? null}
          onChange={(value) => set({ action: value })}
          clearable
          w={300}
          maw="100%"
        />
        {actorId && (
          <Anchor component="button" type="button" size="sm" onClick={() => set({ actor_id: null })}>
            {t('audit.clearActor')}
          </Anchor>
        )}
      </Group>
      <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<Text c="dimmed">{t('audit.none')}</Text>}>
        {(data) => (
          <>
            <Box visibleFrom="sm">
              <Table.ScrollContainer minWidth={860}>
                <Table striped verticalSpacing="xs" aria-label={t('audit.tableLabel')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('audit.at')}</Table.Th>
                      <Table.Th>{t('audit.actor')}</Table.Th>
                      <Table.Th>{t('audit.action')}</Table.Th>
                      <Table.Th>{t('audit.target')}</Table.Th>
                      <Table.Th>{t('audit.details')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.results.map((entry) => {
                      const target = describeTarget(entry);
                      return (
                        <Table.Tr key={entry.id}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
                          </Table.Td>
                          <Table.Td>
                            {entry.actor_id ? (
                              <Anchor component={Link} to={`/admin/audit?actor_id=${entry.actor_id}`} size="sm" title={t('audit.byActor', { email: entry.actor_email })}>
                                {entry.actor_email}
                              </Anchor>
                            ) : (
                              <Text size="sm">{entry.actor_email}</Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {actionLabel(entry.action)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" title={target.full ?? undefined} style={{ whiteSpace: 'nowrap' }}>
                              {target.text}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                              {summariseDetails(entry.details) || '—'}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Box>
            <MobileList label={t('audit.tableLabel')}>
              {data.results.map((entry) => (
                <MobileCard
                  key={entry.id}
                  title={actionLabel(entry.action)}
                  facts={[
                    [
                      t('audit.at'),
                      <time key="at" dateTime={entry.at}>
                        {formatDateTime(entry.at, language)}
                      </time>,
                    ],
                    [t('audit.actor'), entry.actor_email],
                    [t('audit.target'), describeTarget(entry).text],
                    [t('audit.details'), summariseDetails(entry.details) || '—'],
                  ]}
                />
              ))}
            </MobileList>
            <Pager page={page} count={data.count} onPage={(next) => set({ page: next })} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
