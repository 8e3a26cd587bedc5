import { Text } from "@mantine/core";
import type { UserResponse } from "../../../../contract/user.js";
import { errorMessage } from "../../../lib/api.js";
import { useResetToken } from "../api/users.js";
import { ActionDialog, Callout } from "./ActionDialog.js";

/** Reset Token: a new token key, and every bintu token of the user stops working. */
export function ResetTokenDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserResponse;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const reset = useResetToken();
  const confirm = () =>
    reset.mutate(user.id, {
      onSuccess: (u) =>
        onDone(
          `${user.email} has the new token key ${u.tokenKey}. Their bintu tokens were revoked; they have to log in again.`,
        ),
    });
  return (
    <ActionDialog
      title="Reset Token"
      confirmLabel="Reset token"
      danger
      busy={reset.isPending}
      error={reset.isError ? errorMessage(reset.error) : null}
      onCancel={onClose}
      onConfirm={confirm}
    >
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        You are about to reset all tokens for the user <b>{user.email}</b>. This issues a new token key and invalidates
        all active bintu tokens of this user; they have to log in again.
      </Text>
      <Callout tone="warning">
        <b>Important:</b> Playback tokens issued by this user remain valid until their expiration date.
      </Callout>
    </ActionDialog>
  );
}
