import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { Hint } from "../../../components/Hint.js";
import { IconPencil } from "@tabler/icons-react";
import { useState, type FormEvent, type ReactNode } from "react";
import type { OrganisationResponse } from "../../../../contract/organisation.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { errorMessage } from "../../../lib/api.js";
import { useCan } from "../../../lib/me.js";
import { useSetWebhook } from "../api/organisation.js";

export function WebhookConfig({ org, extra }: { org: OrganisationResponse; extra?: ReactNode }) {
  const can = useCan();
  const editable = can("Organisation.SetWebhook");
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [confirmClear, setConfirmClear] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useSetWebhook();

  const start = () => {
    setValue(org.webhook ?? "");
    save.reset();
    setSaved(null);
    setEditing(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(value.trim() === "" ? null : value.trim(), {
      onSuccess: () => {
        setEditing(false);
        setSaved("Webhook saved.");
      },
    });
  };
  const clear = () =>
    save.mutate(null, {
      onSuccess: () => {
        setConfirmClear(false);
        setEditing(false);
        setSaved("Webhook removed.");
      },
    });

  return (
    <section aria-labelledby="webhook-heading">
      <Title order={2} id="webhook-heading" size="h3" c="brand" mb="sm">
        Webhook Config
      </Title>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Text size="sm">
            Configure a webhook to receive real-time notifications about event to enable automated integrations and
            event-driven workflows.
          </Text>
          {editing ? (
            <form onSubmit={submit} noValidate>
              <Stack gap="xs">
                <TextInput
                  label="Webhook URL"
                  placeholder="https://example.com/hook"
                  value={value}
                  onChange={(e) => setValue(e.currentTarget.value)}
                  error={save.isError ? errorMessage(save.error) : undefined}
                  data-autofocus
                  autoFocus
                />
                <Group gap="xs">
                  <Button type="submit" loading={save.isPending}>
                    Save
                  </Button>
                  <Button variant="default" onClick={() => setEditing(false)} disabled={save.isPending}>
                    Cancel
                  </Button>
                  {org.webhook && (
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() => setConfirmClear(true)}
                      disabled={save.isPending}
                    >
                      Clear
                    </Button>
                  )}
                </Group>
              </Stack>
            </form>
          ) : (
            <Group
              justify="space-between"
              wrap="nowrap"
              style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
              pb={4}
            >
              <Text
                size="sm"
                c={org.webhook ? undefined : "dimmed"}
                style={{ overflowWrap: "anywhere" }}
                aria-label="Current webhook"
              >
                {org.webhook ?? (editable ? "Click on the edit icon to update." : "No webhook configured.")}
              </Text>
              {editable && (
                <Hint label="Edit webhook">
                  <ActionIcon variant="subtle" color="gray" aria-label="Edit webhook" onClick={start}>
                    <IconPencil size={18} />
                  </ActionIcon>
                </Hint>
              )}
            </Group>
          )}
          {saved && !editing && (
            <Text size="sm" c="teal" role="status">
              {saved}
            </Text>
          )}
          {extra}
        </Stack>
      </Paper>
      <ConfirmDialog
        opened={confirmClear}
        title="Remove the webhook?"
        confirmLabel="Remove webhook"
        danger
        busy={save.isPending}
        error={save.isError ? errorMessage(save.error) : null}
        onConfirm={clear}
        onCancel={() => setConfirmClear(false)}
      >
        <Text size="sm">
          Publishes will no longer be checked by your endpoint: every known, unlocked stream will be allowed to go live.
        </Text>
      </ConfirmDialog>
    </section>
  );
}
