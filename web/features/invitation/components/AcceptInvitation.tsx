import { Alert, Button, Checkbox, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../../../lib/api.js";
import { useAcceptInvitation, useInvitation } from "../api/invitation.js";

/** The invitee's sign-up: what the link grants, then email and password. */
export function AcceptInvitation({ token, onDone }: { token: string; onDone: () => void }) {
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [terms, setTerms] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  if (invitation.isPending) return <Skeleton h={320} w="100%" maw={460} radius="md" aria-label="Loading invitation" />;
  if (invitation.error) {
    const err = invitation.error;
    const dead = err instanceof ApiError && err.status === 410;
    return (
      <Paper withBorder p="xl" radius="md" w="100%" maw={460}>
        <Stack>
          <Title order={1} size="h2">
            {dead ? "This invitation can no longer be used" : "Invitation not found"}
          </Title>
          <Alert color="red" role="alert">
            {dead ? err.message : "The link is wrong or incomplete. Ask the person who invited you for a new one."}
          </Alert>
          <Text size="sm">
            Already a member? <a href="/login">Sign in</a>.
          </Text>
        </Stack>
      </Paper>
    );
  }
  const inv = invitation.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch || !terms) return;
    accept.mutate({ email, password }, { onSuccess: onDone });
  };
  return (
    <Paper withBorder p="xl" radius="md" w="100%" maw={460}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Join {inv.organisation.name}
          </Title>
          <Text size="sm">
            You are invited as <b>{inv.role.label}</b> ({inv.role.name}). {inv.role.description}
          </Text>
          <Text size="xs" c="dimmed">
            The invitation expires {new Date(inv.expiresAt).toUTCString()}.
          </Text>
          {accept.isError && (
            <Alert color="red" role="alert" title="Could not create your account">
              {errorMessage(accept.error)}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label="Password" description="At least 8 characters; a passphrase is best." autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <PasswordInput label="Confirm password" autoComplete="new-password" required value={confirm} error={mismatch ? "Passwords do not match" : undefined} onChange={(e) => setConfirm(e.currentTarget.value)} />
          <Checkbox label="I accept the terms of use" checked={terms} onChange={(e) => setTerms(e.currentTarget.checked)} />
          <Button type="submit" loading={accept.isPending} disabled={!terms || mismatch || !email || !password}>
            Create account
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
