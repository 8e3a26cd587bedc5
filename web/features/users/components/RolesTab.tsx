import { ActionIcon, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { useMediaQuery } from "@mantine/hooks";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState, type ComponentProps } from "react";
import type { RoleListResponse } from "../../../../contract/role.js";
import type { RoleResponse } from "../../../../contract/user.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { Hint } from "../../../components/Hint.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { errorMessage } from "../../../lib/api.js";
import { useCan } from "../../../lib/me.js";
import { useDeleteRole, useRoles } from "../api/roles.js";
import { RoleBadge } from "../../../components/RoleBadge.js";
import { StatusNotice } from "./StatusNotice.js";

// The role editor (a dialog with the permission matrix) loads when it first opens.
const RoleEditor = lazyDialog(async () => {
  const { RoleEditor: Editor } = await import("./RoleEditor.js");
  return (props: ComponentProps<typeof Editor> & { opened: boolean }) => <Editor {...props} />;
});

type Role = RoleListResponse["roles"][number];
const count = (perms: Record<string, string[]>) => Object.values(perms).reduce((n, ops) => n + ops.length, 0);

function RoleActions({ role, onEdit, onDelete }: { role: Role; onEdit: () => void; onDelete: () => void }) {
  const can = useCan();
  if (role.builtIn)
    return (
      <Text size="xs" c="dimmed">
        built-in
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap">
      {can("Permission.Update") && (
        <Hint label="Edit role">
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Edit role ${role.name}`} onClick={onEdit}>
            <IconPencil size={16} />
          </ActionIcon>
        </Hint>
      )}
      {can("Permission.Delete") && (
        <Hint label="Delete role">
          <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Delete role ${role.name}`} onClick={onDelete}>
            <IconTrash size={16} />
          </ActionIcon>
        </Hint>
      )}
    </Group>
  );
}

export function RolesTab() {
  const can = useCan();
  const phone = useMediaQuery("(max-width: 600px)", false, { getInitialValueInEffect: false }) ?? false;
  const roles = useRoles();
  const remove = useDeleteRole();
  const [editing, setEditing] = useState<RoleResponse | "new" | null>(null);
  const [deleting, setDeleting] = useState<RoleResponse | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = roles.data?.roles ?? [];
  const actions = (r: Role) => <RoleActions role={r} onEdit={() => setEditing(r)} onDelete={() => setDeleting(r)} />;
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Built-in roles are fixed. Custom roles hold any permissions you hold yourself.
        </Text>
        {can("Permission.Create") && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
            Create role
          </Button>
        )}
      </Group>
      <StatusNotice message={notice} onDismiss={() => setNotice(null)} />
      <QueryState isPending={roles.isPending} error={roles.error} retry={() => void roles.refetch()}>
        {phone ? (
          // Phones: one card per role, actions at its right edge.
          <Stack component="ul" aria-label="Roles" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
            {list.map((r) => (
              <Paper component="li" key={r.name} aria-label={r.name} withBorder radius="md" p="sm">
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Stack gap={4} miw={0} style={{ flex: 1 }}>
                    <RoleBadge role={r.name} label={r.label} />
                    <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                      {r.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {count(r.permissions)} permissions · {r.users} {r.users === 1 ? "user" : "users"}
                    </Text>
                  </Stack>
                  {actions(r)}
                </Group>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Paper withBorder p="xs">
            <ScrollRegion label="Roles table" minWidth={560}>
              <Table aria-label="Roles" verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Permissions</Table.Th>
                    <Table.Th>Users</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((r) => (
                    <Table.Tr key={r.name} aria-label={r.name}>
                      <Table.Td>
                        <RoleBadge role={r.name} label={r.label} />
                      </Table.Td>
                      <Table.Td ff="monospace">{r.name}</Table.Td>
                      <Table.Td>{count(r.permissions)}</Table.Td>
                      <Table.Td>{r.users}</Table.Td>
                      <Table.Td>{actions(r)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Paper>
        )}
      </QueryState>
      {editing && (
        <RoleEditor
          opened
          role={editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => setNotice(editing === "new" ? `Role ${name} was created.` : `Role ${name} was saved.`)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          opened
          size="lg"
          title="Delete role?"
          confirmLabel="Delete role"
          danger
          busy={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onCancel={closeDelete}
          onConfirm={() =>
            remove.mutate(deleting.name, {
              onSuccess: () => {
                setNotice(`Role ${deleting.name} was deleted.`);
                setDeleting(null);
              },
            })
          }
        >
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            You are about to delete the role <b>{deleting.name}</b>. A role still held by users or promised by a pending
            invitation cannot be deleted.
          </Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
