import { Button, Group } from '@mantine/core';
import { IconActivity, IconBuildingStore, IconHistory, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';

interface Section {
  to: string;
  label: string;
  icon: ReactNode;
}

/** The panel's sections as links (not tabs): each has its own address, so a reload or a shared link lands there. */
export function AdminNav() {
  const { t } = useTranslation('admin');
  const { pathname } = useLocation();
  const sections: Section[] = [
    { to: '/admin/users', label: t('nav.users'), icon: <IconUsers size={16} aria-hidden /> },
    { to: '/admin/shops', label: t('nav.shops'), icon: <IconBuildingStore size={16} aria-hidden /> },
    { to: '/admin/system', label: t('nav.system'), icon: <IconActivity size={16} aria-hidden /> },
    { to: '/admin/audit', label: t('nav.audit'), icon: <IconHistory size={16} aria-hidden /> },
  ];
  return (
    <Group component="nav" aria-label={t('nav.label')} gap={6} mb="md" wrap="wrap">
      {sections.map((section) => {
        const active = pathname === section.to || pathname.startsWith(`${section.to}/`);
        return (
          <Button key={section.to} component={NavLink} to={section.to} variant={active ? 'filled' : 'light'} size="compact-md" leftSection={section.icon} aria-current={active ? 'page' : undefined}>
            {section.label}
          </Button>
        );
      })}
    </Group>
  );
}
