import {
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  PasswordInput,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconChevronRight, IconLock, IconMail } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../../../lib/api.js";
import { useAcceptInvitation, useInvitation } from "../api/invitation.js";
import { InvitationSummary } from "./InvitationSummary.js";

const WIDTH = 480;

function SignInHint() {
  return (
    <Text size="sm" ta="center">
      Have an account?{" "}
      <Anchor component={Link} to="/login" fw={700}>
        Log in
      </Anchor>
      .
    </Text>
  );
}

/** The invitee's sign-up, laid out like the reference's "Create a new account" page. */
export function AcceptInvitation({ token, onDone }: { token: string; onDone: () => void }) {
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [terms, setTerms] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  if (invitation.isPending)
    return <Skeleton h={420} w="100%" maw={WIDTH} radius="md" aria-label="Loading invitation" />;
  if (invitation.error) {
    const err = invitation.error;
    const dead = err instanceof ApiError && err.status === 410;
    return (
      <Stack w="100%" maw={WIDTH} align="stretch">
        <Title order={1} size="h2" ta="center">
          {dead ? "This invitation can no longer be used" : "Invitation not found"}
        </Title>
        <Alert color="red" role="alert">
          {dead ? err.message : "The link is wrong or incomplete. Ask the person who invited you for a new one."}
        </Alert>
        <SignInHint />
      </Stack>
    );
  }
  const inv = invitation.data;
  const needsTerms = inv.termsUrl !== null && !terms;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch || needsTerms) return;
    accept.mutate({ email, password, ...(inv.termsUrl ? { acceptTerms: terms } : {}) }, { onSuccess: onDone });
  };
  return (
    <Stack w="100%" maw={WIDTH} gap="lg">
      <Stack gap={4} align="center">
        <Title order={1} ta="center" tt="uppercase" fw={900} fz={{ base: "1.75rem", sm: "2.5rem" }} lh={1.1}>
          <Box component="span" c="brand">
            Create a
          </Box>{" "}
          <Box component="span" c="blue">
            new account
          </Box>
        </Title>
        <Text c="dimmed" ta="center" style={{ overflowWrap: "anywhere" }}>
          Join <b>{inv.organisation.name}</b> and start streaming in real time.
        </Text>
      </Stack>
      <InvitationSummary invitation={inv} />
      <form onSubmit={submit} noValidate>
        <Stack>
          {accept.isError && (
            <Alert color="red" role="alert" title="Could not create your account">
              {errorMessage(accept.error)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            leftSection={<IconMail size={18} aria-hidden />}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters; a passphrase is best."
            autoComplete="new-password"
            required
            leftSection={<IconLock size={18} aria-hidden />}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            leftSection={<IconLock size={18} aria-hidden />}
            value={confirm}
            error={mismatch ? "Passwords do not match" : undefined}
            onChange={(e) => setConfirm(e.currentTarget.value)}
          />
          {/* Only when the operator has terms: a checkbox with nothing to read would be theatre. */}
          {inv.termsUrl && (
            <Checkbox
              label={
                <>
                  I accept the{" "}
                  <Anchor href={inv.termsUrl} target="_blank" rel="noopener noreferrer">
                    terms of use
                  </Anchor>
                </>
              }
              checked={terms}
              onChange={(e) => setTerms(e.currentTarget.checked)}
              mx="auto"
            />
          )}
          <Button
            type="submit"
            size="md"
            fullWidth
            rightSection={<IconChevronRight size={18} aria-hidden />}
            loading={accept.isPending}
            disabled={needsTerms || mismatch || !email || !password}
          >
            Create account
          </Button>
        </Stack>
      </form>
      <SignInHint />
      <Text size="sm" c="dimmed" ta="center">
        Having trouble? Ask the person who invited you for a new link.
      </Text>
    </Stack>
  );
}
