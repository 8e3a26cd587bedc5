import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { ApiError } from "../../../lib/api.js";
import { useLogin } from "../api/login.js";

function loginError(err: unknown): string {
  if (err instanceof ApiError && err.status === 429) return `Too many attempts. Try again in ${err.retryAfter ?? 60} seconds.`;
  if (err instanceof ApiError && err.status === 401) return "Invalid email or password.";
  return err instanceof Error ? err.message : "Sign-in failed.";
}

export function LoginForm({ notice, onDone }: { notice?: string | undefined; onDone: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: onDone });
  };

  return (
    <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Sign in to orgdeck
          </Title>
          {notice && !login.isError && (
            <Alert color="orange" role="status" title="Signed out">
              {notice}
            </Alert>
          )}
          {login.isError && (
            <Alert color="red" role="alert" title="Could not sign in">
              {loginError(login.error)}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
