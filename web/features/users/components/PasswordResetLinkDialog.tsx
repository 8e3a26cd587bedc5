import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { UserResponse } from "../../../../contract/user.js";
import { CopyText } from "../../../components/CopyText.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useCreatePasswordResetLink } from "../api/password-reset-link.js";
import { OpenResetLink } from "./OpenResetLink.js";

/**
 * Creates a member's single-use password reset link (valid 1 hour) and shows it once. Loaded the first
 * time it opens (see PasswordResetLinkAction).
 */
export function PasswordResetLinkDialog({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: UserResponse;
  onClose: () => void;
}) {
  const [revoked, setRevoked] = useState<string | null>(null);
  const create = useCreatePasswordResetLink();
  const close = () => {
    onClose();
    setRevoked(null);
    // The link leaves memory with the dialog: it is never shown again.
    create.reset();
  };
  return (
    <Modal opened={opened} onClose={close} title="Password reset link" centered size="lg">
      {create.data ? (
        <Stack>
          <Alert
            color="orange"
            variant="light"
            role="note"
            title="Shown only this once"
            styles={{ title: { color: "var(--mantine-color-text)" } }}
          >
            Copy the link now and hand it to <b style={{ overflowWrap: "anywhere" }}>{user.email}</b> over a channel you
            trust. Anyone holding it can set this account&apos;s password until {formatUtc(create.data.expiresAt)},
            once.
          </Alert>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label="Reset link"
              value={create.data.url}
              readOnly
              style={{ flex: 1, minWidth: 0 }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyText value={create.data.url} label="Copy reset link" />
          </Group>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            orgdeck sends no email. Create a link with which <b>{user.email}</b> chooses a new password. It works once,
            for one hour; a new link replaces any earlier one. When the password is set, all of this user&apos;s bintu
            tokens are invalidated and they sign in again.
          </Text>
          <OpenResetLink user={user} onRevoked={setRevoked} />
          {revoked && (
            <Text size="sm" role="status">
              {revoked}
            </Text>
          )}
          {create.isError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button loading={create.isPending} onClick={() => create.mutate(user.id)}>
              Create link
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
