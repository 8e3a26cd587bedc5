import { Alert, Button, Checkbox, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../../../lib/api.js";
import { useChangePassword } from "../api/password.js";

/** Needs the current password; by default every other session of the account ends. */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [signOutOtherSessions, setSignOut] = useState(true);
  const mismatch = confirm.length > 0 && confirm !== newPassword;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch || !currentPassword || !newPassword) return;
    change.mutate(
      { currentPassword, newPassword, signOutOtherSessions },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setConfirm("");
        },
      },
    );
  };

  const signedOut = change.data?.signedOutSessions ?? 0;
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-labelledby="change-password-title">
        <Stack maw={460}>
          <Title order={2} size="h4" id="change-password-title">
            Change password
          </Title>
          {change.isSuccess && (
            <Alert color="green" role="status" title="Password changed">
              {signedOut === 0
                ? "Your other sessions stay signed in."
                : `${signedOut} other session${signedOut === 1 ? " was" : "s were"} signed out.`}
            </Alert>
          )}
          {change.isError && (
            <Alert color="red" role="alert" title="Password not changed">
              {errorMessage(change.error)}
            </Alert>
          )}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <PasswordInput
            label="New password"
            description="At least 8 characters; a passphrase is best."
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            required
            value={confirm}
            error={mismatch ? "Passwords do not match" : undefined}
            onChange={(e) => setConfirm(e.currentTarget.value)}
          />
          <Checkbox
            label="Sign out my other sessions"
            description="Other browsers and scripts using your bintu tokens must sign in again. This session stays signed in."
            checked={signOutOtherSessions}
            onChange={(e) => setSignOut(e.currentTarget.checked)}
          />
          <Group>
            <Button
              type="submit"
              loading={change.isPending}
              disabled={!currentPassword || !newPassword || confirm !== newPassword}
            >
              Change password
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Ten wrong current passwords in a row block this account for 15 minutes.
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
