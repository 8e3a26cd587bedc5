import { Center, Loader } from "@mantine/core";
import { createElement, lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import type { Permission } from "../../contract/permissions.js";
import { AppLayout } from "./layout/AppLayout.js";
import { RequirePermission } from "./layout/RequirePermission.js";
import { RequireSession } from "./layout/RequireSession.js";
import { NotFoundPage } from "./routes/NotFoundPage.js";
import { RouteError } from "./routes/RouteError.js";
import { PageTitle } from "./PageTitle.js";
import { getSession } from "../lib/session.js";
import { queryClient } from "./query-client.js";

/**
 * Every page is its own chunk, fetched the first time its route opens: the shell (layout, session,
 * theme) loads up front, the rest on demand. Declarative routes keep the router's share of the first
 * load small (its data-loading half is not shipped).
 *
 * A page whose chunk is already here renders at once instead of suspending: React holds back the
 * content of a Suspense boundary for 300 ms after its fallback showed, which made the first rows of
 * a list wait for nothing. `preload` fetches the current route's chunk early, in parallel with the
 * session check. Other pages are not fetched ahead: a member on a metered line pays only for what they open.
 */
type Page = ComponentType & { preload: () => Promise<unknown> };
function page<M>(load: () => Promise<M>, name: keyof M): Page {
  let loaded: ComponentType | undefined;
  const fetchChunk = () => load().then((m) => (loaded = m[name] as ComponentType));
  const Lazy = lazy(async () => ({ default: await fetchChunk() }));
  const Page = ((props: object) => createElement(loaded ?? Lazy, props)) as Page;
  Page.preload = () => fetchChunk().catch(() => undefined);
  return Page;
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

/** The chunks a URL opens, fetched at start so they arrive while the session is checked. */
const ROUTE_CHUNKS: Array<[RegExp, Page[]]> = [
  [/^\/(organisation(\/overview)?\/?)?$/, [OrganisationPage, OverviewTab]],
  [/^\/organisation\/users/, [OrganisationPage, UsersTab]],
  [/^\/organisation\/roles/, [OrganisationPage, RolesTab]],
  [/^\/organisation\/activity/, [OrganisationPage, ActivityTab]],
  [/^\/streams\/?$/, [StreamsPage]],
  [/^\/streams\/./, [StreamPage]],
  [/^\/account/, [AccountPage]],
  [/^\/login/, [LoginPage]],
];
if (typeof window !== "undefined") {
  const here = window.location.pathname;
  for (const chunk of ROUTE_CHUNKS.find(([re]) => re.test(here))?.[1] ?? []) void chunk.preload();
  // The stream list's first page is asked for now, not after its chunk arrived and rendered.
  // (Its query code comes along with the request, so no other page's first load carries it.)
  if (/^\/streams\/?$/.test(here) && getSession())
    void import("../features/streams/api/list-query.js").then(({ streamListQuery, viewFromSearch }) =>
      queryClient.prefetchQuery(streamListQuery(viewFromSearch(new URLSearchParams(window.location.search)), {})),
    );
}

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
