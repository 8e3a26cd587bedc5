import { createBrowserRouter, Navigate } from "react-router";
import { AppLayout } from "./layout/AppLayout.js";
import { RequireSession } from "./layout/RequireSession.js";
import { LoginPage } from "./routes/LoginPage.js";
import { NotFoundPage } from "./routes/NotFoundPage.js";
import { OrganisationPage } from "./routes/OrganisationPage.js";
import { OverviewTab } from "./routes/OverviewTab.js";
import { SetupPage } from "./routes/SetupPage.js";
import { InvitationPage } from "./routes/InvitationPage.js";
import { RequirePermission } from "./layout/RequirePermission.js";
import { UsersTab } from "../features/users/components/UsersTab.js";
import { RolesTab } from "../features/users/components/RolesTab.js";
import { ActivityTab } from "../features/activity/components/ActivityTab.js";
import { StreamsPage } from "./routes/StreamsPage.js";
import { StreamPage } from "./routes/StreamPage.js";
import { AccountPage } from "./routes/AccountPage.js";

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  { path: "/setup", element: <SetupPage /> },
  { path: "/invite/:token", element: <InvitationPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to="/organisation/overview" replace /> },
          {
            path: "organisation",
            element: <OrganisationPage />,
            children: [
              { index: true, element: <Navigate to="overview" replace /> },
              { path: "overview", element: <OverviewTab /> },
              { path: "users", element: <RequirePermission permission="User.GetUsers"><UsersTab /></RequirePermission> },
              { path: "roles", element: <RequirePermission permission="Permission.List"><RolesTab /></RequirePermission> },
              { path: "activity", element: <RequirePermission permission="Audit.Get"><ActivityTab /></RequirePermission> },
            ],
          },
          { path: "streams", element: <RequirePermission permission="Stream.GetStreams"><StreamsPage /></RequirePermission> },
          { path: "account", element: <AccountPage /> },
          { path: "streams/:id", element: <RequirePermission permission="StreamWithId.GetStream"><StreamPage /></RequirePermission> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
