import { ActionIcon, Group } from "@mantine/core";
import { IconRefresh, IconTrash } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { UserResponse } from "../../../../contract/user.js";
import { Hint } from "../../../components/Hint.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { useCan } from "../../../lib/me.js";
import { PasswordResetLinkAction } from "./PasswordResetLinkAction.js";

type DialogProps = { user: UserResponse; onClose: () => void; onDone: (message: string) => void };
/** A confirmation whose code (dialog, role picker) loads when it first opens, not with the user list. */
const lazyAction = (load: () => Promise<ComponentType<DialogProps>>) =>
  lazyDialog(async () => {
    const Dialog = await load();
    return (props: DialogProps & { opened: boolean }) => <Dialog {...props} />;
  });
const ChangeRoleDialog = lazyAction(async () => (await import("./ChangeRoleDialog.js")).ChangeRoleDialog);
const ResetTokenDialog = lazyAction(async () => (await import("./ResetTokenDialog.js")).ResetTokenDialog);
const DeleteUserDialog = lazyAction(async () => (await import("./DeleteUserDialog.js")).DeleteUserDialog);

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
        <Hint label="Reset User Token">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Reset user token of ${user.email}`}
            onClick={() => onAction("reset")}
          >
            <IconRefresh size={18} />
          </ActionIcon>
        </Hint>
      )}
      <PasswordResetLinkAction user={user} isSelf={isSelf} />
      {can("User.DeleteUser") && !isSelf && (
        <Hint label="Delete User">
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Delete user ${user.email}`}
            onClick={() => onAction("delete")}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Hint>
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
      return <ChangeRoleDialog opened user={user} onClose={onClose} onDone={done} />;
    case "reset":
      return <ResetTokenDialog opened user={user} onClose={onClose} onDone={done} />;
    case "delete":
      return <DeleteUserDialog opened user={user} onClose={onClose} onDone={done} />;
  }
}
