import { Center, Loader } from "@mantine/core";
import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import type { Permission } from "../../contract/permissions.js";
import { AppLayout } from "./layout/AppLayout.js";
import { RequirePermission } from "./layout/RequirePermission.js";
import { RequireSession } from "./layout/RequireSession.js";
import { NotFoundPage } from "./routes/NotFoundPage.js";
import { RouteError } from "./routes/RouteError.js";
import { PageTitle } from "./PageTitle.js";

/**
 * Every page is its own chunk, fetched the first time its route opens: the shell (layout, session,
 * theme) loads up front, the rest on demand. Declarative routes keep the router's share of the first
 * load small (its data-loading half is not shipped).
 */
function page<M>(load: () => Promise<M>, name: keyof M): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const LoginPage = page(() => import("./routes/LoginPage.js"), "LoginPage");
const SetupPage = page(() => import("./routes/SetupPage.js"), "SetupPage");
const InvitationPage = page(() => import("./routes/InvitationPage.js"), "InvitationPage");
const ResetPasswordPage = page(() => import("./routes/ResetPasswordPage.js"), "ResetPasswordPage");
const OrganisationPage = page(() => import("./routes/OrganisationPage.js"), "OrganisationPage");
const OverviewTab = page(() => import("./routes/OverviewTab.js"), "OverviewTab");
const UsersTab = page(() => import("../features/users/components/UsersTab.js"), "UsersTab");
const RolesTab = page(() => import("../features/users/components/RolesTab.js"), "RolesTab");
const ActivityTab = page(() => import("../features/activity/components/ActivityTab.js"), "ActivityTab");
const StreamsPage = page(() => import("./routes/StreamsPage.js"), "StreamsPage");
const StreamPage = page(() => import("./routes/StreamPage.js"), "StreamPage");
const AccountPage = page(() => import("./routes/AccountPage.js"), "AccountPage");
const AnalyticsPage = page(() => import("./routes/AnalyticsPage.js"), "AnalyticsPage");

const loading = (
  <Center py="xl">
    <Loader aria-label="Loading page" />
  </Center>
);

/** A page boundary: a loading state while its chunk arrives, a clear error if it cannot. */
function Lazy({ children, permission }: { children: ReactNode; permission?: Permission }) {
  const body = <Suspense fallback={loading}>{children}</Suspense>;
  return (
    <RouteError>{permission ? <RequirePermission permission={permission}>{body}</RequirePermission> : body}</RouteError>
  );
}

export function AppRoutes() {
  return (
    <BrowserRouter>
      <PageTitle />
      <Routes>
        <Route
          path="/login"
          element={
            <Lazy>
              <LoginPage />
            </Lazy>
          }
        />
        <Route
          path="/setup"
          element={
            <Lazy>
              <SetupPage />
            </Lazy>
          }
        />
        <Route
          path="/invite/:token"
          element={
            <Lazy>
              <InvitationPage />
            </Lazy>
          }
        />
        <Route
          path="/reset-password/:token"
          element={
            <Lazy>
              <ResetPasswordPage />
            </Lazy>
          }
        />
        <Route element={<RequireSession />}>
          <Route element={<AppLayout />}>
            <Route index element={<Navigate to="/organisation/overview" replace />} />
            <Route
              path="organisation"
              element={
                <Lazy>
                  <OrganisationPage />
                </Lazy>
              }
            >
              <Route index element={<Navigate to="overview" replace />} />
              <Route
                path="overview"
                element={
                  <Lazy>
                    <OverviewTab />
                  </Lazy>
                }
              />
              <Route
                path="users"
                element={
                  <Lazy permission="User.GetUsers">
                    <UsersTab />
                  </Lazy>
                }
              />
              <Route
                path="roles"
                element={
                  <Lazy permission="Permission.List">
                    <RolesTab />
                  </Lazy>
                }
              />
              <Route
                path="activity"
                element={
                  <Lazy permission="Audit.Get">
                    <ActivityTab />
                  </Lazy>
                }
              />
            </Route>
            <Route
              path="streams"
              element={
                <Lazy permission="Stream.GetStreams">
                  <StreamsPage />
                </Lazy>
              }
            />
            <Route
              path="streams/:id"
              element={
                <Lazy permission="StreamWithId.GetStream">
                  <StreamPage />
                </Lazy>
              }
            />
            <Route
              path="analytics"
              element={
                <Lazy permission="Analytics.Get">
                  <AnalyticsPage />
                </Lazy>
              }
            />
            <Route
              path="account"
              element={
                <Lazy>
                  <AccountPage />
                </Lazy>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
