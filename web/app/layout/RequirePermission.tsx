import { Loader } from "@mantine/core";
import type { ReactNode } from "react";
import type { Permission } from "../../../contract/permissions.js";
import { useCan, useMe } from "../../lib/me.js";
import { NotFoundPage } from "../routes/NotFoundPage.js";

/** A page for callers with `permission`; everyone else gets a clear "no access" page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  const can = useCan();
  if (me.isPending) return <Loader aria-label="Loading" />;
  if (!can(permission))
    return (
      <NotFoundPage
        title="No access"
        message="Your role does not allow you to see this page. Ask an admin of your organisation if you need it."
      />
    );
  return <>{children}</>;
}
