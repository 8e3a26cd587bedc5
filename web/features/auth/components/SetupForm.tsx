import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../../../lib/api.js";
import { useCompleteSetup, useSetupStatus } from "../api/setup.js";

/** First run: the one-time token comes in the URL fragment, which never reaches a server log. */
export function SetupForm({ token, onDone }: { token: string; onDone: () => void }) {
  const status = useSetupStatus();
  const setup = useCompleteSetup();
  const [organisationName, setOrg] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm.length > 0 && confirm !== password;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setup.mutate({ token, organisationName, email, password }, { onSuccess: onDone });
  };

  if (status.data && !status.data.needed) {
    return (
      <Alert color="blue" title="Setup is complete" role="status">
        This orgdeck already has an organisation. <a href="/login">Sign in</a> instead.
      </Alert>
    );
  }
  return (
    <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={460}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Set up orgdeck
          </Title>
          <Text size="sm" c="dimmed">
            Create the first organisation and its administrator.
          </Text>
          {!token && (
            <Alert color="red" role="alert" title="Missing setup link">
              Open the one-time link the server printed when it started.
            </Alert>
          )}
          {setup.isError && (
            <Alert color="red" role="alert" title="Setup failed">
              {errorMessage(setup.error)}
            </Alert>
          )}
          <TextInput label="Organisation name" required value={organisationName} onChange={(e) => setOrg(e.currentTarget.value)} />
          <TextInput label="Admin email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label="Password" description="At least 8 characters; a passphrase is best." autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <PasswordInput label="Confirm password" autoComplete="new-password" required value={confirm} error={mismatch ? "Passwords do not match" : undefined} onChange={(e) => setConfirm(e.currentTarget.value)} />
          <Button type="submit" loading={setup.isPending} disabled={!token}>
            Create organisation
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
