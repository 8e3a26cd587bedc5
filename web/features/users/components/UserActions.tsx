import { Radio, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { UserResponse } from "../../../../contract/user.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { errorMessage } from "../../../lib/api.js";
import { useChangeRole, useDeleteUser, useResetToken } from "../api/users.js";
import { useRoles } from "../api/roles.js";
import { PermissionOverview } from "./PermissionOverview.js";

export type UserAction = "role" | "reset" | "delete";

const TOKENS_DIE = "All of this user's bintu tokens will be invalidated at once; they will have to log in again. Secure playback tokens are not affected and stay valid until they expire.";

/** The three confirmations of user management, each stating its consequences. */
export function UserActionDialog({ user, action, onClose, onDone }: { user: UserResponse; action: UserAction | null; onClose: () => void; onDone?: (action: UserAction) => void }) {
  const roles = useRoles(action === "role");
  const change = useChangeRole();
  const reset = useResetToken();
  const remove = useDeleteUser();
  const [role, setRole] = useState(user.role);
  const picked = roles.data?.roles.find((r) => r.name === role);
  const done = (a: UserAction) => () => {
    onDone?.(a);
    onClose();
  };

  if (action === "role") {
    return (
      <ConfirmDialog
        opened
        title="Update permission"
        confirmLabel="Update permission"
        busy={change.isPending}
        error={change.isError ? errorMessage(change.error) : null}
        onCancel={onClose}
        onConfirm={() => change.mutate({ userId: user.id, role }, { onSuccess: done("role") })}
      >
        <Stack gap="sm">
          <Text size="sm">
            Choose the new role of <b>{user.email}</b>. {TOKENS_DIE}
          </Text>
          <Radio.Group value={role} onChange={setRole} label="Role" name="role">
            <Stack gap={6} mt={6}>
              {roles.data?.roles.map((r) => (
                <Radio key={r.name} value={r.name} label={`${r.label} (${r.name})`} />
              ))}
            </Stack>
          </Radio.Group>
          {picked && <PermissionOverview permissions={picked.permissions} />}
        </Stack>
      </ConfirmDialog>
    );
  }
  if (action === "reset") {
    return (
      <ConfirmDialog
        opened
        title="Reset user token"
        confirmLabel="Reset user token"
        danger
        busy={reset.isPending}
        error={reset.isError ? errorMessage(reset.error) : null}
        onCancel={onClose}
        onConfirm={() => reset.mutate(user.id, { onSuccess: done("reset") })}
      >
        <Text size="sm">
          A new token key is issued for <b>{user.email}</b>. {TOKENS_DIE}
        </Text>
      </ConfirmDialog>
    );
  }
  if (action === "delete") {
    return (
      <ConfirmDialog
        opened
        title="Delete user"
        confirmLabel="Delete user"
        danger
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={onClose}
        onConfirm={() => remove.mutate(user.id, { onSuccess: done("delete") })}
      >
        <Text size="sm">
          <b>{user.email}</b> will lose access to the organisation for good, and the invitations they created are revoked. {TOKENS_DIE}
        </Text>
      </ConfirmDialog>
    );
  }
  return null;
}
