import { createBrowserRouter, Navigate } from "react-router";
import { AppLayout } from "./layout/AppLayout.js";
import { RequireSession } from "./layout/RequireSession.js";
import { LoginPage } from "./routes/LoginPage.js";
import { NotFoundPage } from "./routes/NotFoundPage.js";
import { OrganisationPage } from "./routes/OrganisationPage.js";
import { OverviewTab } from "./routes/OverviewTab.js";
import { SetupPage } from "./routes/SetupPage.js";

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  { path: "/setup", element: <SetupPage /> },
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
            ],
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
