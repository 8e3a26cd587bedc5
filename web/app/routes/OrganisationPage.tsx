import { Stack, Tabs, Title } from "@mantine/core";
import { IconHistory, IconLayoutGrid, IconShieldLock, IconUsers } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { QueryState } from "../../components/QueryState.js";
import { useOrganisation } from "../../features/organisation/api/organisation.js";
import { OrganisationHeader } from "../../features/organisation/components/OrganisationHeader.js";
import type { Permission } from "../../../contract/permissions.js";
import { useCan } from "../../lib/me.js";

/** The organisation's tabs; each is its own URL. A tab appears only for callers allowed to use it. */
const TABS: Array<{ value: string; label: string; icon: ReactNode; permission?: Permission }> = [
  { value: "overview", label: "Overview", icon: <IconLayoutGrid size={16} aria-hidden /> },
  { value: "users", label: "User Management", icon: <IconUsers size={16} aria-hidden />, permission: "User.GetUsers" },
  { value: "roles", label: "Roles", icon: <IconShieldLock size={16} aria-hidden />, permission: "Permission.List" },
  { value: "activity", label: "Activity", icon: <IconHistory size={16} aria-hidden />, permission: "Audit.Get" },
];

export function OrganisationPage() {
  const org = useOrganisation();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname.split("/")[2] ?? "overview";
  const tabs = TABS.filter((t) => !t.permission || can(t.permission));

  return (
    <Stack gap="md">
      {/* Without Organisation.Get the header would only show the refusal; the tab below explains. */}
      {!can("Organisation.Get") && (
        <Title order={1} c="brand">
          Organisation
        </Title>
      )}
      {can("Organisation.Get") && (
        <QueryState isPending={org.isPending} error={org.error} retry={() => void org.refetch()} lines={2}>
          {org.data && <OrganisationHeader org={org.data} />}
        </QueryState>
      )}
      <Tabs
        value={tabs.some((t) => t.value === current) ? current : null}
        onChange={(v) => v && void navigate(`/organisation/${v}`)}
        keepMounted={false}
      >
        <Tabs.List aria-label="Organisation sections">
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={t.icon}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </Stack>
  );
}
