import { Alert, Anchor, Button, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconChevronRight } from "@tabler/icons-react";
import { useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useCompletePasswordReset, usePasswordResetLink } from "../api/password-reset.js";
import { passwordProblems, type PasswordFieldName } from "../password-rules.js";
import { PasswordField } from "./PasswordField.js";

function Heading({ children }: { children: string }) {
  return (
    <Title order={1} c="brand" fz={{ base: 32, sm: 40 }} fw={900} tt="uppercase" lh={1.1}>
      {children}
    </Title>
  );
}

/** The same page for every link that no longer works: it says nothing about the account. */
function DeadLink({ message }: { message: string }) {
  return (
    <Stack>
      <Heading>Link not valid</Heading>
      <Alert color="red" role="alert" title="This password reset link cannot be used">
        {message}
      </Alert>
      <Text size="sm">
        Reset links work once and for one hour. Ask an admin of your organisation for a new link, or the operator of
        this server.
      </Text>
      <Text size="sm">
        Remember your password?{" "}
        <Anchor href="/login" fw={600}>
          Sign in
        </Anchor>
      </Text>
    </Stack>
  );
}

/** Whoever holds a valid link chooses the account's new password; every session of it then ends. */
export function ResetPasswordForm({ token, onDone }: { token: string; onDone: (email: string) => void }) {
  const link = usePasswordResetLink(token);
  const complete = useCompletePasswordReset(token);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Partial<Record<PasswordFieldName, string>>>({});
  const refs = { password: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };

  if (link.isPending) return <Skeleton h={320} radius="md" aria-label="Checking the link" />;
  if (link.error) {
    const err = link.error;
    if (err instanceof ApiError && (err.status === 410 || err.status === 404))
      return <DeadLink message={err.message} />;
    return (
      <Stack>
        <Heading>Reset password</Heading>
        <Alert color="red" role="alert" title="Could not check the link">
          {errorMessage(err)}
        </Alert>
      </Stack>
    );
  }
  if (complete.error instanceof ApiError && complete.error.status === 410)
    return <DeadLink message={complete.error.message} />;

  const show = (found: Partial<Record<PasswordFieldName, string>>) => {
    setErrors(found);
    const first = (["password", "confirm"] as const).find((f) => found[f]);
    if (first) refs[first].current?.focus();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = passwordProblems(password, confirm);
    if (Object.keys(found).length > 0) return show(found);
    complete.mutate(
      { password },
      {
        onSuccess: (res) => onDone(res.email),
        onError: (err) => {
          // The server's own rules (e.g. a too common password) belong to the password field.
          if (err instanceof ApiError && err.status === 400)
            show({ password: err.message.replace(/^password: /, "").replace(/^password /, "This password ") });
        },
      },
    );
  };
  const formError =
    complete.isError && !(complete.error instanceof ApiError && complete.error.status === 400)
      ? errorMessage(complete.error)
      : null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="reset-title">
      <Stack>
        <div>
          <Title order={1} id="reset-title" c="brand" fz={{ base: 32, sm: 40 }} fw={900} tt="uppercase" lh={1.1}>
            Choose a new password
          </Title>
          <Text c="dimmed" mt={4}>
            Setting it signs this account out everywhere. The link works once, until {formatUtc(link.data.expiresAt)}.
          </Text>
        </div>
        {formError && (
          <Alert color="red" role="alert" title="Password not changed">
            {formError}
          </Alert>
        )}
        <TextInput label="Account" type="email" autoComplete="username" value={link.data.email} readOnly size="md" />
        <PasswordField
          ref={refs.password}
          label="New password"
          description="At least 8 characters; a passphrase of a few words is best."
          autoComplete="new-password"
          required
          size="md"
          value={password}
          error={errors.password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            if (errors.password) setErrors((o) => ({ ...o, password: undefined }));
          }}
        />
        <PasswordField
          ref={refs.confirm}
          label="Confirm new password"
          autoComplete="new-password"
          required
          size="md"
          value={confirm}
          error={errors.confirm}
          onChange={(e) => {
            setConfirm(e.currentTarget.value);
            if (errors.confirm) setErrors((o) => ({ ...o, confirm: undefined }));
          }}
        />
        <Button
          type="submit"
          size="md"
          loading={complete.isPending}
          rightSection={<IconChevronRight size={18} aria-hidden />}
        >
          Set new password
        </Button>
      </Stack>
    </form>
  );
}
