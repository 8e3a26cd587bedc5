import { Text } from "@mantine/core";
import type { UserResponse } from "../../../../contract/user.js";
import { errorMessage } from "../../../lib/api.js";
import { useDeleteUser } from "../api/users.js";
import { ActionDialog, Callout } from "./ActionDialog.js";

/** Delete User: for good, with its tokens and the invitations it created. */
export function DeleteUserDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserResponse;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const remove = useDeleteUser();
  const confirm = () =>
    remove.mutate(user.id, { onSuccess: () => onDone(`${user.email} was deleted from the organisation.`) });
  return (
    <ActionDialog
      title="Delete User"
      confirmLabel="Delete user"
      danger
      busy={remove.isPending}
      error={remove.isError ? errorMessage(remove.error) : null}
      onCancel={onClose}
      onConfirm={confirm}
    >
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        You are about to delete the user <b>{user.email}</b> from your organisation. This action is irreversible and
        permanently removes all access for this user; the invitations they created are revoked.
      </Text>
      <Callout tone="danger">
        This action will <b>invalidate all existing bintu tokens for this user.</b>
        <br />
        <i>Playback tokens issued by this user remain valid until they reach their expiration date.</i>
      </Callout>
    </ActionDialog>
  );
}
