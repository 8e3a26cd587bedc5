import { Alert, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconChevronRight } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { ApiError } from "../../../lib/api.js";
import { useLogin } from "../api/login.js";
import { ForgotPassword } from "./ForgotPassword.js";
import { PasswordField } from "./PasswordField.js";

function loginError(err: unknown): string {
  if (err instanceof ApiError && err.status === 429)
    return `Too many attempts. Try again in ${err.retryAfter ?? 60} seconds.`;
  if (err instanceof ApiError && err.status === 401) return "Invalid email or password.";
  return err instanceof Error ? err.message : "Sign-in failed.";
}

export interface LoginNotice {
  title: string;
  text: string;
  tone: "info" | "success";
}

export function LoginForm({
  notice,
  initialEmail = "",
  onDone,
}: {
  notice?: LoginNotice | undefined;
  initialEmail?: string;
  onDone: () => void;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const login = useLogin();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      ...(email.trim() ? {} : { email: "Enter your email address." }),
      ...(password ? {} : { password: "Enter your password." }),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    login.mutate({ email, password }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="login-title">
      <Stack>
        <div>
          <Title order={1} id="login-title" c="brand" fz={{ base: 40, sm: 48 }} fw={900} tt="uppercase" lh={1.1}>
            Sign in
          </Title>
          <Text c="dimmed" mt={4}>
            Sign in and continue streaming globally in real-time.
          </Text>
        </div>
        {notice && !login.isError && (
          <Alert color={notice.tone === "success" ? "green" : "orange"} role="status" title={notice.title}>
            {notice.text}
          </Alert>
        )}
        {login.isError && (
          <Alert color="red" role="alert" title="Could not sign in">
            {loginError(login.error)}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          size="md"
          value={email}
          error={missing.email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <PasswordField
          label="Password"
          autoComplete="current-password"
          required
          size="md"
          value={password}
          error={missing.password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <ForgotPassword />
        <Button
          type="submit"
          size="md"
          loading={login.isPending}
          rightSection={<IconChevronRight size={18} aria-hidden />}
        >
          Sign in
        </Button>
        <Text size="sm" ta="center">
          Don&apos;t have an account? Ask an admin of your organisation for an invitation link.
        </Text>
      </Stack>
    </form>
  );
}
