import { AppShell, Box, Burger, Button, Group, NavLink, ScrollArea, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell, IconBolt, IconBuildingStore, IconCalendarTime, IconList, IconLogout, IconPackage, IconShieldLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { useSession, useUser } from '../auth/session.tsx';
import { useServerEventsConnected } from '../events/server-events.tsx';
import { LanguageMenu, LanguageSwitcher } from './language-switcher.tsx';

interface Item {
  to: string;
  label: string;
  icon: ReactNode;
}

/** The frame of every signed-in page: a header, the navigation (a drawer on phones) and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const live = useServerEventsConnected();

  const items: Item[] = [
    { to: '/shops', label: t('nav.shops'), icon: <IconBuildingStore size={18} aria-hidden /> },
    { to: '/products', label: t('nav.products'), icon: <IconPackage size={18} aria-hidden /> },
    { to: '/demper', label: t('nav.demper'), icon: <IconBolt size={18} aria-hidden /> },
    { to: '/preorders', label: t('nav.preorders'), icon: <IconCalendarTime size={18} aria-hidden /> },
    { to: '/jobs', label: t('nav.jobs'), icon: <IconList size={18} aria-hidden /> },
    { to: '/notifications', label: t('nav.notifications'), icon: <IconBell size={18} aria-hidden /> },
    ...(user.is_admin ? [{ to: '/admin', label: t('nav.admin'), icon: <IconShieldLock size={18} aria-hidden /> }] : []),
  ];

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          {/* The name stays on one line (an ellipsis below ~340 px rather than a second line); the
              language choice is a menu on phones, where three buttons side by side do not fit beside it. */}
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} style={{ flexShrink: 0 }} />
            <Text fw={700} truncate="end" component={RouterLink} to="/shops" style={{ color: 'inherit', textDecoration: 'none' }}>
              {t('appName')}
            </Text>
            <Tooltip label={live ? 'live' : 'offline'}>
              <span
                role="img"
                aria-label={live ? 'live' : 'offline'}
                style={{ width: 8, height: 8, flexShrink: 0, borderRadius: 4, background: live ? 'var(--mantine-color-green-6)' : 'var(--mantine-color-gray-5)' }}
              />
            </Tooltip>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Box visibleFrom="xs">
              <LanguageSwitcher />
            </Box>
            <Box hiddenFrom="xs">
              <LanguageMenu />
            </Box>
            <Text size="sm" c="gray.7" visibleFrom="md" truncate maw={200}>
              {user.email}
            </Text>
            <Button variant="subtle" size="compact-sm" aria-label={t('signOut')} leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
              <Text span visibleFrom="xs" inherit>
                {t('signOut')}
              </Text>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.menu')}>
        <ScrollArea>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={RouterLink}
              to={item.to}
              label={item.label}
              leftSection={item.icon}
              active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
