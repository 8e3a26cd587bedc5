import { Badge, Group, Paper, Select, Stack, Table } from "@mantine/core";
import { Pager } from "../../../components/Pager.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useState } from "react";
import { QueryState } from "../../../components/QueryState.js";
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
  const [offset, setOffset] = useState(0);
  const [action, setAction] = useState<string | null>(null);
  const audit = useAudit({ limit: PAGE, offset, action });
  const total = audit.data?.total ?? 0;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Select
          label="Action"
          placeholder="All actions"
          data={ACTIONS}
          value={action}
          onChange={(v) => {
            setAction(v);
            setOffset(0);
          }}
          clearable
          searchable
          w={280}
        />
        <Pager offset={offset} pageSize={PAGE} total={total} noun="events" onOffset={setOffset} previousLabel="Newer events" nextLabel="Older events" emptyText="No events" />
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
