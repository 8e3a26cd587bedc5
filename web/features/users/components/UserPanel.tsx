import { Button, Drawer, Group, Stack, Text, Title } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { IconPencil, IconRefresh, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { UserResponse } from "../../../../contract/user.js";
import { CopyText } from "../../../components/CopyText.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { useRoles } from "../api/roles.js";
import { PermissionOverview } from "./PermissionOverview.js";
import { RoleCard } from "./RoleCard.js";
import { StatusNotice } from "./StatusNotice.js";
import { UserActionDialog, type UserAction } from "./UserActions.js";

/** The "User Overview" side panel of one member; confirmations of its actions show at its top. */
export function UserPanel(props: {
  user: UserResponse | null;
  isSelf: boolean;
  notice: string | null;
  onNotice: (message: string | null, action?: UserAction) => void;
  onClose: () => void;
}) {
  const { user, isSelf, onClose } = props;
  const can = useCan();
  const roles = useRoles(user !== null);
  const [action, setAction] = useState<UserAction | null>(null);
  // A panel that closed forgets its open dialog, so the next panel does not open with it.
  if (user === null && action !== null) setAction(null);
  const role = roles.data?.roles.find((r) => r.name === user?.role);
  const rows: Array<[string, string, boolean]> = user
    ? [
        ["Email", user.email, true],
        ["User Id", user.id, true],
        ["Created At", formatUtc(user.createdAt), false],
        ["Token Key", user.tokenKey, true],
      ]
    : [];

  return (
    <Drawer.Root opened={user !== null} onClose={onClose} position="right" size="md">
      <Drawer.Overlay />
      <Drawer.Content>
        {/* role="none": inside the dialog a <header> would count as a second page banner. */}
        <Drawer.Header role="none">
          <Drawer.Title fz="h3" fw={700}>
            User Overview
          </Drawer.Title>
          <Drawer.CloseButton aria-label="Close" />
        </Drawer.Header>
        <Drawer.Body>
          {user && (
            <Stack>
              <Group gap="xs">
                {can("User.UpdatePermission") && (
                  <Button size="xs" leftSection={<IconPencil size={14} />} onClick={() => setAction("role")}>
                    Update Permission
                  </Button>
                )}
                {can("User.RenewTokenKey") && (
                  <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={() => setAction("reset")}>
                    Reset User Token
                  </Button>
                )}
                {can("User.DeleteUser") && !isSelf && (
                  <Button
                    size="xs"
                    color="red.9"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => setAction("delete")}
                  >
                    Delete User
                  </Button>
                )}
              </Group>
              <StatusNotice message={props.notice} onDismiss={() => props.onNotice(null)} />
              <Title order={3} size="h4" c="brand">
                User Details
              </Title>
              <Table>
                <Table.Tbody>
                  {rows.map(([label, value, copy]) => (
                    <Table.Tr key={label}>
                      <Table.Th w={110}>{label}</Table.Th>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
                      <Table.Td w={40}>{copy && <CopyText value={value} label={`Copy ${label}`} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {role ? (
                <>
                  <RoleCard role={role} />
                  <PermissionOverview permissions={role.permissions} />
                </>
              ) : (
                <Text size="sm">Role: {user.role}</Text>
              )}
              {action && (
                <UserActionDialog user={user} action={action} onClose={() => setAction(null)} onDone={props.onNotice} />
              )}
            </Stack>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer.Root>
  );
}
