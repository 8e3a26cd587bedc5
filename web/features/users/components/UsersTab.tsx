import { ActionIcon, Button, Chip, Group, Paper, Stack, Table, Text, Tooltip } from "@mantine/core";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useMediaQuery } from "@mantine/hooks";
import { IconRefresh, IconTrash, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { UserResponse } from "../../../../contract/user.js";
import { Pager } from "../../../components/Pager.js";
import { QueryState } from "../../../components/QueryState.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan, useMe } from "../../../lib/me.js";
import { useRoles } from "../api/roles.js";
import { USERS_PAGE, useUsers } from "../api/users.js";
import { InviteDialog } from "./InviteDialog.js";
import { PendingInvites } from "./PendingInvites.js";
import { RoleBadge } from "./RoleBadge.js";
import { UserActionDialog, type UserAction } from "./UserActions.js";
import { UserPanel } from "./UserPanel.js";

const BUILT_IN_FILTERS = [
  { value: "all", label: "All" },
  { value: "nanoAdmin", label: "Admin" },
  { value: "nanoUser", label: "User" },
  { value: "nanoReadOnly", label: "Read Only" },
];

export function UsersTab() {
  const can = useCan();
  const me = useMe();
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const [params, setParams] = useSearchParams();
  const filter = params.get("role") ?? "all";
  const pages = useCursorPages(filter);
  const users = useUsers(filter === "all" ? null : filter, pages.cursor);
  const roles = useRoles();
  const [selected, setSelected] = useState<UserResponse | null>(null);
  const [quick, setQuick] = useState<{ user: UserResponse; action: UserAction } | null>(null);
  const inviteOpen = params.get("invite") === "1";
  const setInvite = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set("invite", "1");
    else next.delete("invite");
    setParams(next, { replace: true });
  };
  const filters = [...BUILT_IN_FILTERS, ...(roles.data?.roles.filter((r) => !r.builtIn).map((r) => ({ value: r.name, label: r.label })) ?? [])];
  const labelOf = (name: string) => roles.data?.roles.find((r) => r.name === name)?.label;
  const selfId = me.data?.user.id;
  const showActions = can("User.RenewTokenKey") || can("User.DeleteUser");

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Chip.Group
          value={filter}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v === "all") next.delete("role");
            else next.set("role", String(v));
            setParams(next, { replace: true });
          }}
        >
          <Group gap="xs" role="group" aria-label="Filter by role">
            {filters.map((f) => (
              <Chip key={f.value} value={f.value} variant="outline" size="sm">
                {f.label}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {can("InviteToken.Create") && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInvite(true)}>
            Invite new user
          </Button>
        )}
      </Group>

      <Paper withBorder radius="md" p="xs">
        <QueryState isPending={users.isPending} error={users.error} retry={() => void users.refetch()} lines={4}>
          {users.data?.users.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              No users with this role.
            </Text>
          ) : (
            <ScrollRegion label="Users table" minWidth={phone ? 560 : 720}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Permission Level</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Token Key</Table.Th>
                    <Table.Th>Created at (UTC)</Table.Th>
                    {showActions && <Table.Th>Quick actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.data?.users.map((u) => (
                    <Table.Tr key={u.id} style={{ cursor: "pointer" }} onClick={() => setSelected(u)} aria-label={u.email}>
                      <Table.Td>
                        <RoleBadge role={u.role} label={labelOf(u.role)} />
                      </Table.Td>
                      <Table.Td>
                        <Button variant="subtle" color="dark" size="compact-sm" px={0} onClick={() => setSelected(u)} aria-label={`Open ${u.email}`} style={{ fontWeight: 400 }}>
                          {u.email}
                        </Button>
                        {u.id === selfId && (
                          <Text span fw={700} size="sm" ml={4}>
                            (you)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ff="monospace">{u.tokenKey}</Table.Td>
                      <Table.Td>{formatUtc(u.createdAt).replace(" (UTC)", "")}</Table.Td>
                      {showActions && (
                        <Table.Td onClick={(e) => e.stopPropagation()}>
                          <Group gap={4} wrap="nowrap">
                            {can("User.RenewTokenKey") && (
                              <Tooltip label="Reset User Token">
                                <ActionIcon variant="subtle" color="gray" aria-label={`Reset user token of ${u.email}`} onClick={() => setQuick({ user: u, action: "reset" })}>
                                  <IconRefresh size={18} />
                                </ActionIcon>
                              </Tooltip>
                            )}
                            {can("User.DeleteUser") && u.id !== selfId && (
                              <Tooltip label="Delete User">
                                <ActionIcon variant="subtle" color="red" aria-label={`Delete user ${u.email}`} onClick={() => setQuick({ user: u, action: "delete" })}>
                                  <IconTrash size={18} />
                                </ActionIcon>
                              </Tooltip>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          {(pages.page > 0 || users.data?.next) && (
            <Group justify="flex-end" mt="xs">
              <Pager page={pages.page} pageSize={USERS_PAGE} count={users.data?.users.length ?? 0} total={users.data?.total ?? 0} next={users.data?.next} onPrevious={pages.previous} onNext={pages.next} noun="users" />
            </Group>
          )}
        </QueryState>
      </Paper>

      <PendingInvites />
      <UserPanel user={users.data?.users.find((u) => u.id === selected?.id) ?? selected} isSelf={selected?.id === selfId} onClose={() => setSelected(null)} />
      {quick && <UserActionDialog user={quick.user} action={quick.action} onClose={() => setQuick(null)} />}
      {can("InviteToken.Create") && <InviteDialog opened={inviteOpen} onClose={() => setInvite(false)} />}
    </Stack>
  );
}
