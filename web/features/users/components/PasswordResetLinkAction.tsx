import { ActionIcon } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import type { UserResponse } from "../../../../contract/user.js";
import { Hint } from "../../../components/Hint.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { useCan } from "../../../lib/me.js";

// The dialog (and the link's API calls) load when it first opens, not with every row of the user list.
const PasswordResetLinkDialog = lazyDialog(
  async () => (await import("./PasswordResetLinkDialog.js")).PasswordResetLinkDialog,
);

/**
 * Quick action "Password reset link": orgdeck sends no email, so an admin creates a single-use link
 * (valid 1 hour) and hands it over. The link is shown once. Not on one's own row: that is My Account.
 */
export function PasswordResetLinkAction({ user, isSelf }: { user: UserResponse; isSelf: boolean }) {
  const can = useCan();
  const [open, setOpen] = useState(false);
  if (isSelf || !can("User.RenewTokenKey")) return null;
  return (
    <>
      <Hint label="Password reset link">
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={`Password reset link for ${user.email}`}
          onClick={() => setOpen(true)}
        >
          <IconKey size={18} />
        </ActionIcon>
      </Hint>
      <PasswordResetLinkDialog opened={open} user={user} onClose={() => setOpen(false)} />
    </>
  );
}
