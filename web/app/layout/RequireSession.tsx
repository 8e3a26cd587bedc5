import { useSyncExternalStore } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { getSession, subscribeSession } from "../../lib/session.js";

/** Pages behind it need a bintu token; without one (or once the server refuses it) back to login. */
export function RequireSession() {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}
