import { Alert, Anchor, Code, Collapse, Group, Text } from "@mantine/core";
import { useId, useState } from "react";

/** orgdeck sends no email: the way back in is a reset link from an admin, or the operator's CLI. */
export function ForgotPassword() {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <Group justify="flex-end" mt={-8}>
        <Anchor
          component="button"
          type="button"
          size="sm"
          fw={600}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
        >
          Forgot password?
        </Anchor>
      </Group>
      <Collapse expanded={open} id={id}>
        <Alert color="blue" variant="light" title="Resetting a forgotten password">
          <Text size="sm">
            orgdeck sends no email. Ask an admin of your organisation to create a <b>password reset link</b> for you
            (User Management, quick action &ldquo;Password reset link&rdquo;). The link works once, for one hour.
          </Text>
          <Text size="sm" mt="xs" style={{ overflowWrap: "anywhere" }}>
            The operator of this server can also run <Code>orgdeck user:reset-password --email you@example.com</Code>.
          </Text>
        </Alert>
      </Collapse>
    </>
  );
}
