import { Anchor, Box, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import type { UserResponse } from "../../../../contract/user.js";
import { errorMessage } from "../../../lib/api.js";
import { useGrantableRoles } from "../api/roles.js";
import { useChangeRole } from "../api/users.js";
import { ActionDialog, Callout } from "./ActionDialog.js";
import { PermissionOverview } from "./PermissionOverview.js";
import { RoleBadge, roleLabel } from "../../../components/RoleBadge.js";

/** Update User Role: pick the new role, see what it grants and the "from → to" change before confirming. */
export function ChangeRoleDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserResponse;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const roles = useGrantableRoles();
  const change = useChangeRole();
  const [role, setRole] = useState(user.role);
  const labelOf = (name: string) => roleLabel(name, roles.data?.roles.find((r) => r.name === name)?.label);
  const picked = roles.grantable.find((r) => r.name === role);
  const same = role === user.role;
  const confirm = () => {
    if (same) return;
    change.mutate(
      { userId: user.id, role },
      {
        onSuccess: () =>
          onDone(
            `${user.email} is now ${labelOf(role)} (was ${labelOf(user.role)}). Their bintu tokens were revoked; they have to log in again.`,
          ),
      },
    );
  };

  return (
    <ActionDialog
      title="Update User Role"
      confirmLabel="Update role"
      busy={change.isPending}
      error={change.isError ? errorMessage(change.error) : null}
      onCancel={onClose}
      onConfirm={confirm}
    >
      <Text size="sm">
        Select a new role for the user to update their permissions within the organisation. Changing the role
        immediately updates the user&apos;s access according to the assigned role.
      </Text>
      <Callout tone="danger">
        <b>Important:</b> Ensure the selected role aligns with the user&apos;s responsibilities. Role changes take
        effect immediately and could restrict or expand the user&apos;s access. If you are unsure about the roles and
        their permissions, see{" "}
        <Anchor component={Link} to="/organisation/roles" inherit underline="always" c="inherit">
          the Roles tab
        </Anchor>
        .
      </Callout>
      <Select
        label="Access Level"
        data={roles.grantable.map((r) => ({ value: r.name, label: `${labelOf(r.name)} (${r.name})` }))}
        value={role}
        onChange={(v) => v && setRole(v)}
        allowDeselect={false}
        maw={360}
        w="100%"
        mx="auto"
      />
      {picked && <PermissionOverview permissions={picked.permissions} />}
      {same ? (
        <Text size="sm" c="dimmed">
          {user.email} already has this role. Pick another one to change it.
        </Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            You are about to switch the user role for <b>{user.email}</b> from{" "}
            <Box component="span" display="inline-block" style={{ verticalAlign: "middle" }}>
              <RoleBadge role={user.role} label={labelOf(user.role)} />
            </Box>{" "}
            to{" "}
            <Box component="span" display="inline-block" style={{ verticalAlign: "middle" }}>
              <RoleBadge role={role} label={labelOf(role)} />
            </Box>
            . This action will invalidate all existing bintu tokens for this user.
          </Text>
          <Text size="xs" c="dimmed">
            Invitations this user created that grant more than the new role are revoked as well.
          </Text>
        </Stack>
      )}
    </ActionDialog>
  );
}
