import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { AdminNav } from './admin-nav.tsx';
import { AuditTab } from './audit/audit-tab.tsx';
import { ShopsTab } from './shops/shops-tab.tsx';
import { SystemTab } from './system/system-tab.tsx';
import { UserDataPage } from './user-data/user-data-page.tsx';
import { UsersTab } from './users/users-tab.tsx';

/** The admin panel: users, every shop, one user's products and preorders, the system, the audit log. */
export function AdminPage() {
  const { t } = useTranslation('admin');
  return (
    <>
      <PageHeader title={t('title')} />
      <AdminNav />
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersTab />} />
        <Route path="users/:id" element={<UserDataPage />} />
        <Route path="shops" element={<ShopsTab />} />
        <Route path="system" element={<SystemTab />} />
        <Route path="audit" element={<AuditTab />} />
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </>
  );
}
