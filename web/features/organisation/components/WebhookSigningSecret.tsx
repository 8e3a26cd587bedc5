import { Button, Group, Stack, Text } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { SecretValue } from "../../../components/SecretValue.js";
import { errorMessage } from "../../../lib/api.js";
import { revealWebhookSecret, useRotateWebhookSecret } from "../api/organisation.js";

/**
 * The secret that signs every call to the webhook, for receivers that verify them: masked until
 * revealed (each reveal is audited), and rotated behind a confirmation that says what changes.
 */
export function WebhookSigningSecret() {
  const rotate = useRotateWebhookSecret();
  const [confirm, setConfirm] = useState(false);
  // Each rotation remounts the value with the new secret, so no stale secret stays revealed.
  const [generation, setGeneration] = useState(0);
  const fresh = rotate.data?.secret;

  const doRotate = () =>
    rotate.mutate(undefined, {
      onSuccess: () => {
        setConfirm(false);
        setGeneration((g) => g + 1);
      },
    });

  return (
    <Stack gap={4} role="group" aria-labelledby="webhook-secret-label">
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm" id="webhook-secret-label">
          Signing secret
        </Text>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={() => {
            rotate.reset();
            setConfirm(true);
          }}
        >
          Rotate
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Every call to the webhook carries <code>webhook-signature</code> headers made with this secret (Standard
        Webhooks). Verify them in your receiver.
      </Text>
      <SecretValue
        key={generation}
        label="Webhook signing secret"
        {...(fresh !== undefined ? { value: fresh } : { load: async () => (await revealWebhookSecret()).secret })}
      />
      {generation > 0 && (
        <Text size="sm" c="teal" role="status">
          Secret rotated. For 24 hours calls carry signatures made with both the old and the new secret.
        </Text>
      )}
      <ConfirmDialog
        opened={confirm}
        title="Rotate the webhook signing secret?"
        confirmLabel="Rotate secret"
        busy={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={doRotate}
        onCancel={() => setConfirm(false)}
      >
        <Text size="sm">
          A new secret signs every call from now on. The current one keeps signing beside it for 24 hours, so your
          receiver has a day to switch; after that only the new secret verifies.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
