import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../auth/session.tsx';
import { ServerEventsProvider } from '../events/server-events.tsx';
import { AppLayout } from '../layout/app-layout.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';

// One chunk per page: the first load carries the frame and the page it opens, not the chart library.
const SignInPage = lazy(() => import('../pages/auth/sign-in-page.tsx').then((m) => ({ default: m.SignInPage })));
const SignUpPage = lazy(() => import('../pages/auth/sign-up-page.tsx').then((m) => ({ default: m.SignUpPage })));
const ShopsPage = lazy(() => import('../pages/shops/shops-page.tsx').then((m) => ({ default: m.ShopsPage })));
const CataloguePage = lazy(() => import('../pages/catalogue/catalogue-page.tsx').then((m) => ({ default: m.CataloguePage })));
const ProductPage = lazy(() => import('../pages/product/product-page.tsx').then((m) => ({ default: m.ProductPage })));
const DemperPage = lazy(() => import('../pages/demper/demper-page.tsx').then((m) => ({ default: m.DemperPage })));
const PreordersPage = lazy(() => import('../pages/preorders/preorders-page.tsx').then((m) => ({ default: m.PreordersPage })));
const JobsPage = lazy(() => import('../pages/jobs/jobs-page.tsx').then((m) => ({ default: m.JobsPage })));
const NotificationsPage = lazy(() => import('../pages/notifications/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })));
const AdminPage = lazy(() => import('../pages/admin/admin-page.tsx').then((m) => ({ default: m.AdminPage })));

function PageLoading() {
  return (
    <Center py="xl" mih="50dvh">
      <Loader size="sm" />
    </Center>
  );
}

function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'signed-out') return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return <ServerEventsProvider>{children}</ServerEventsProvider>;
}

function RequireAdmin({ children }: { children: ReactNode }) {
  const { state } = useSession();
  if (state.status === 'signed-in' && !state.user.is_admin) return <Navigate to="/shops" replace />;
  return <>{children}</>;
}

function SignedOutOnly({ children }: { children: ReactNode }) {
  const { state } = useSession();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'signed-in') return <Navigate to="/shops" replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route
          path="/signin"
          element={
            <SignedOutOnly>
              <SignInPage />
            </SignedOutOnly>
          }
        />
        <Route
          path="/signup"
          element={
            <SignedOutOnly>
              <SignUpPage />
            </SignedOutOnly>
          }
        />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<Navigate to="/shops" replace />} />
          <Route
            path="/shops/*"
            element={
              <Suspense fallback={<PageLoading />}>
                <ShopsPage />
              </Suspense>
            }
          />
          <Route
            path="/products"
            element={
              <Suspense fallback={<PageLoading />}>
                <CataloguePage />
              </Suspense>
            }
          />
          <Route
            path="/products/:id"
            element={
              <Suspense fallback={<PageLoading />}>
                <ProductPage />
              </Suspense>
            }
          />
          <Route
            path="/demper/*"
            element={
              <Suspense fallback={<PageLoading />}>
                <DemperPage />
              </Suspense>
            }
          />
          <Route
            path="/preorders/*"
            element={
              <Suspense fallback={<PageLoading />}>
                <PreordersPage />
              </Suspense>
            }
          />
          <Route
            path="/jobs/*"
            element={
              <Suspense fallback={<PageLoading />}>
                <JobsPage />
              </Suspense>
            }
          />
          <Route
            path="/notifications"
            element={
              <Suspense fallback={<PageLoading />}>
                <NotificationsPage />
              </Suspense>
            }
          />
          <Route
            path="/admin/*"
            element={
              <RequireAdmin>
                <Suspense fallback={<PageLoading />}>
                  <AdminPage />
                </Suspense>
              </RequireAdmin>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
