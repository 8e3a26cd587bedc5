import { Badge, Group, Paper, Select, Stack, Table } from "@mantine/core";
import { Pager } from "../../../components/Pager.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useState } from "react";
import { QueryState } from "../../../components/QueryState.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { formatUtc } from "../../../lib/format.js";
import { useAudit } from "../api/audit.js";

const PAGE = 25;
const ACTIONS = [
  "authn_login_success", "authn_login_fail", "authn_login_fail_max", "session_logout", "authn_password_changed", "authn_password_change_fail", "authz_change", "authn_token_revoked", "user_created", "user_deleted",
  "invite_created", "invite_revoked", "invite_accepted", "privilege_role_created", "privilege_permissions_changed", "privilege_role_deleted",
  "apikey_revealed", "apikey_rotated", "webhook_changed", "vod_visibility_changed", "stream_created", "stream_deleted", "tag_renamed", "tag_deleted",
];

/** The organisation's audit log, newest first. */
export function ActivityTab() {
  const [action, setAction] = useState<string | null>(null);
  const pages = useCursorPages(action ?? "");
  const audit = useAudit({ limit: PAGE, cursor: pages.cursor, action });
  const total = audit.data?.total ?? 0;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Select
          label="Action"
          placeholder="All actions"
          data={ACTIONS}
          value={action}
          onChange={setAction}
          clearable
          searchable
          w={280}
        />
        <Pager
          page={pages.page}
          pageSize={PAGE}
          count={audit.data?.events.length ?? 0}
          total={total}
          totalCapped={audit.data?.totalCapped}
          next={audit.data?.next}
          onPrevious={pages.previous}
          onNext={pages.next}
          noun="events"
          previousLabel="Newer events"
          nextLabel="Older events"
          emptyText="No events"
        />
      </Group>
      <Paper withBorder p="xs">
        <QueryState isPending={audit.isPending} error={audit.error} retry={() => void audit.refetch()} lines={6}>
          <ScrollRegion label="Activity table" minWidth={720}>
            <Table aria-label="Activity" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When (UTC)</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {audit.data?.events.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatUtc(e.at).replace(" (UTC)", "")}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere", minWidth: 160 }}>{e.actor.label ?? e.actor.type}</Table.Td>
                    <Table.Td ff="monospace" style={{ whiteSpace: "nowrap" }}>{e.action}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere", minWidth: 160 }}>{e.target ?? ""}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline" tt="none" style={{ color: `var(--od-${e.outcome === "success" ? "success" : "danger"})`, borderColor: "currentColor" }}>
                        {e.outcome}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </QueryState>
      </Paper>
    </Stack>
  );
}
