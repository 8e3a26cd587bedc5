import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { UserResponse } from "../../../../contract/user.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useOpenPasswordResetLink, useRevokePasswordResetLink } from "../api/password-reset-link.js";

/**
 * The member's open reset link, if any: who made it and until when (the link itself is never shown
 * again), with a revoke that asks first. Nothing while there is none.
 */
export function OpenResetLink({ user, onRevoked }: { user: UserResponse; onRevoked: (message: string) => void }) {
  const open = useOpenPasswordResetLink(user.id, true);
  const revoke = useRevokePasswordResetLink();
  const [confirming, setConfirming] = useState(false);
  if (!open.data) return null;
  const link = open.data;
  return (
    <Alert color="blue" variant="light" role="region" aria-label="Open password reset link">
      <Stack gap="xs">
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          An open link exists, created by <b>{link.createdBy}</b> on {formatUtc(link.createdAt)}; it works until{" "}
          {formatUtc(link.expiresAt)}. A new link replaces it.
        </Text>
        {confirming ? (
          <>
            <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
              Revoke this link? Whoever holds it can no longer set {user.email}&apos;s password with it.
            </Text>
            {revoke.isError && (
              <Text c="red" size="sm" role="alert">
                {errorMessage(revoke.error)}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={() => setConfirming(false)}>
                Keep link
              </Button>
              <Button
                color="red.9"
                size="xs"
                loading={revoke.isPending}
                onClick={() =>
                  revoke.mutate(user.id, {
                    onSuccess: () => {
                      setConfirming(false);
                      onRevoked(`The reset link for ${user.email} was revoked.`);
                    },
                  })
                }
              >
                Revoke link
              </Button>
            </Group>
          </>
        ) : (
          <Group justify="flex-end">
            <Button variant="default" size="xs" onClick={() => setConfirming(true)}>
              Revoke…
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
