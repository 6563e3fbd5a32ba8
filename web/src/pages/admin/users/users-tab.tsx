import { Anchor, Badge, Box, Group, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/query-state.tsx';
import { When } from '../../../components/when.tsx';
import { type AdminUser, adminKeys, fetchUsers } from '../admin-api.ts';
import { useListParams } from '../list-params.ts';
import { MobileCard, MobileList } from '../mobile-card.tsx';
import { Pager } from '../pager.tsx';
import { SearchBox } from '../search-box.tsx';
import { userDataPath } from '../user-data/user-data-path.ts';
import { UserActions } from './user-actions.tsx';

/** Every account: find one by e-mail, see what it holds, disable it, give or take admin rights, reset its password. */
export function UsersTab() {
  const { t } = useTranslation('admin');
  const { page, get, set } = useListParams();
  const search = get('search');
  const query = useQuery({ queryKey: adminKeys.users(search, page), queryFn: () => fetchUsers(search, page), placeholderData: keepPreviousData });

  return (
    <Stack gap="sm">
      <SearchBox label={t('users.search')} placeholder="seller@example.kz" value={search} onSearch={(value) => set({ search: value })} />
      <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<Text c="dimmed">{search ? t('users.noneFound', { search }) : t('users.none')}</Text>}>
        {(data) => (
          <>
            <Box visibleFrom="sm">
              <Table.ScrollContainer minWidth={820}>
                <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('users.tableLabel')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('users.email')}</Table.Th>
                      <Table.Th>{t('users.created')}</Table.Th>
                      <Table.Th>{t('users.lastLogin')}</Table.Th>
                      <Table.Th ta="right">{t('users.shops')}</Table.Th>
                      <Table.Th ta="right">{t('users.products')}</Table.Th>
                      <Table.Th>{t('users.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.results.map((user) => (
                      <Table.Tr key={user.id}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Text size="sm" fw={500} truncate maw={280}>
                              {user.email}
                            </Text>
                            <UserBadges user={user} />
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <When at={user.created_at} />
                        </Table.Td>
                        <Table.Td>
                          {user.last_login_at ? (
                            <When at={user.last_login_at} />
                          ) : (
                            <Text size="sm" c="dimmed">
                              {t('users.never')}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">
                          <Anchor component={Link} to={`/admin/shops?user_id=${user.id}`} size="sm" aria-label={t('users.shopsOf', { n: user.stores_count, email: user.email })}>
                            {user.stores_count}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Anchor component={Link} to={userDataPath(user.id, user.email)} size="sm" aria-label={t('users.productsOf', { n: user.products_count, email: user.email })}>
                            {user.products_count}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <UserActions user={user} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Box>
            <MobileList label={t('users.tableLabel')}>
              {data.results.map((user) => (
                <UserCard key={user.id} user={user} />
              ))}
            </MobileList>
            <Pager page={page} count={data.count} onPage={(next) => set({ page: next })} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function UserBadges({ user }: { user: AdminUser }) {
  const { t } = useTranslation('admin');
  return (
    <>
      {user.is_admin && (
        <Badge size="sm" variant="dot" color="grape">
          {t('users.admin')}
        </Badge>
      )}
      {user.disabled && (
        <Badge size="sm" variant="filled" color="red.8">
          {t('users.disabled')}
        </Badge>
      )}
    </>
  );
}

function UserCard({ user }: { user: AdminUser }) {
  const { t } = useTranslation('admin');
  return (
    <MobileCard
      title={user.email}
      badges={<UserBadges user={user} />}
      facts={[
        [t('users.created'), <When key="c" at={user.created_at} />],
        [t('users.lastLogin'), user.last_login_at ? <When key="l" at={user.last_login_at} /> : t('users.never')],
        [
          t('users.shops'),
          <Anchor key="s" component={Link} to={`/admin/shops?user_id=${user.id}`} size="sm" aria-label={t('users.shopsOf', { n: user.stores_count, email: user.email })}>
            {user.stores_count}
          </Anchor>,
        ],
        [
          t('users.products'),
          <Anchor key="p" component={Link} to={userDataPath(user.id, user.email)} size="sm" aria-label={t('users.productsOf', { n: user.products_count, email: user.email })}>
            {user.products_count}
          </Anchor>,
        ],
      ]}
      actions={<UserActions user={user} />}
    />
  );
}
