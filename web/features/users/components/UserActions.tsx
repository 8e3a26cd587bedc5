import { ActionIcon, Group, Tooltip } from "@mantine/core";
import { IconRefresh, IconTrash } from "@tabler/icons-react";
import type { UserResponse } from "../../../../contract/user.js";
import { useCan } from "../../../lib/me.js";
import { ChangeRoleDialog } from "./ChangeRoleDialog.js";
import { DeleteUserDialog } from "./DeleteUserDialog.js";
import { PasswordResetLinkAction } from "./PasswordResetLinkAction.js";
import { ResetTokenDialog } from "./ResetTokenDialog.js";

/** Every action on a user; each has its own confirmation dialog below. */
export type UserAction = "role" | "reset" | "delete";

/** The icon buttons of a user's row or card. New quick actions go here, each with its dialog below. */
export function UserQuickActions({
  user,
  isSelf,
  onAction,
}: {
  user: UserResponse;
  isSelf: boolean;
  onAction: (action: UserAction) => void;
}) {
  const can = useCan();
  return (
    <Group gap={4} wrap="nowrap">
      {can("User.RenewTokenKey") && (
        <Tooltip label="Reset User Token">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Reset user token of ${user.email}`}
            onClick={() => onAction("reset")}
          >
            <IconRefresh size={18} />
          </ActionIcon>
        </Tooltip>
      )}
      <PasswordResetLinkAction user={user} isSelf={isSelf} />
      {can("User.DeleteUser") && !isSelf && (
        <Tooltip label="Delete User">
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Delete user ${user.email}`}
            onClick={() => onAction("delete")}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

/** Whether a caller sees any quick action at all (the column or card footer is left out otherwise). */
export function useHasQuickActions(): boolean {
  const can = useCan();
  return can("User.RenewTokenKey") || can("User.DeleteUser");
}

/** The confirmation of one action; `onDone` gets the message that confirms it happened. */
export function UserActionDialog({
  user,
  action,
  onClose,
  onDone,
}: {
  user: UserResponse;
  action: UserAction;
  onClose: () => void;
  onDone: (message: string, action: UserAction) => void;
}) {
  const done = (message: string) => {
    onDone(message, action);
    onClose();
  };
  switch (action) {
    case "role":
      return <ChangeRoleDialog user={user} onClose={onClose} onDone={done} />;
    case "reset":
      return <ResetTokenDialog user={user} onClose={onClose} onDone={done} />;
    case "delete":
      return <DeleteUserDialog user={user} onClose={onClose} onDone={done} />;
  }
}
