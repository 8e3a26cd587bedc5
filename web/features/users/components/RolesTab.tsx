import { ActionIcon, Button, Group, Paper, Stack, Table, Text, Tooltip } from "@mantine/core";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { RoleResponse } from "../../../../contract/user.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { QueryState } from "../../../components/QueryState.js";
import { errorMessage } from "../../../lib/api.js";
import { useCan } from "../../../lib/me.js";
import { useDeleteRole, useRoles } from "../api/roles.js";
import { RoleBadge } from "./RoleBadge.js";
import { RoleEditor } from "./RoleEditor.js";

export function RolesTab() {
  const can = useCan();
  const roles = useRoles();
  const remove = useDeleteRole();
  const [editing, setEditing] = useState<RoleResponse | "new" | null>(null);
  const [deleting, setDeleting] = useState<RoleResponse | null>(null);
  const count = (perms: Record<string, string[]>) => Object.values(perms).reduce((n, ops) => n + ops.length, 0);

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
      <Paper withBorder p="xs">
        <QueryState isPending={roles.isPending} error={roles.error} retry={() => void roles.refetch()}>
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
                {roles.data?.roles.map((r) => (
                  <Table.Tr key={r.name} aria-label={r.name}>
                    <Table.Td>
                      <RoleBadge role={r.name} label={r.label} />
                    </Table.Td>
                    <Table.Td ff="monospace">{r.name}</Table.Td>
                    <Table.Td>{count(r.permissions)}</Table.Td>
                    <Table.Td>{r.users}</Table.Td>
                    <Table.Td>
                      {r.builtIn ? (
                        <Text size="xs" c="dimmed">
                          built-in
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {can("Permission.Update") && (
                            <Tooltip label="Edit role">
                              <ActionIcon variant="subtle" color="gray" aria-label={`Edit role ${r.name}`} onClick={() => setEditing(r)}>
                                <IconPencil size={16} />
                              </ActionIcon>
                            </Tooltip>
                          )}
                          {can("Permission.Delete") && (
                            <Tooltip label="Delete role">
                              <ActionIcon variant="subtle" color="red" aria-label={`Delete role ${r.name}`} onClick={() => setDeleting(r)}>
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </QueryState>
      </Paper>
      {editing && <RoleEditor role={editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete role?"
        confirmLabel="Delete role"
        danger
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.name, { onSuccess: () => setDeleting(null) })}
      >
        <Text size="sm">A role still held by users or promised by a pending invitation cannot be deleted.</Text>
      </ConfirmDialog>
    </Stack>
  );
}
