import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useState } from "react";
import type { EventEndpointResponse } from "../../../../contract/events.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { SecretValue } from "../../../components/SecretValue.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import {
  revealSecret,
  useDeleteEndpoint,
  useRotateSecret,
  useSendTestEvent,
  useUpdateEndpoint,
} from "../api/endpoints.js";
import { DeliveriesList } from "./DeliveriesList.js";
import { OneTimeSecret } from "./OneTimeSecret.js";
import { StatusBadge } from "./StatusBadge.js";

function status(e: EventEndpointResponse) {
  if (!e.enabled)
    return {
      tone: "bad" as const,
      label:
        e.disabledReason === "gone"
          ? "Disabled (410 Gone)"
          : e.disabledReason === "failing"
            ? "Disabled (failing 5 days)"
            : "Disabled",
    };
  if (e.failingSince) return { tone: "warn" as const, label: "Failing" };
  return { tone: "ok" as const, label: "Enabled" };
}

/** One endpoint as a card (it stays readable on a phone): what it receives, its secret and its actions. */
export function EndpointCard({ endpoint: e }: { endpoint: EventEndpointResponse }) {
  const [confirm, setConfirm] = useState<"delete" | "rotate" | null>(null);
  const [rotated, setRotated] = useState<string | null>(null);
  const [showLog, setShowLog] = useState(false);
  const update = useUpdateEndpoint();
  const remove = useDeleteEndpoint();
  const rotate = useRotateSecret();
  const test = useSendTestEvent(e.id);
  const s = status(e);
  const name = e.description ?? e.url;
  const failure = [update, test].find((m) => m.isError)?.error;
  return (
    <Paper withBorder radius="md" p="sm" aria-label={`Endpoint ${name}`} component="article">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
              {e.url}
            </Text>
            {e.description && (
              <Text size="xs" c="dimmed">
                {e.description}
              </Text>
            )}
          </Stack>
          <StatusBadge tone={s.tone}>{s.label}</StatusBadge>
        </Group>
        <Text size="xs">
          Events: {e.events.includes("*") ? "all" : e.events.join(", ")}
          {e.failingSince && ` · failing since ${formatUtc(e.failingSince)}`}
        </Text>
        <SecretValue label={`signing secret of ${name}`} load={() => revealSecret(e.id)} />
        {rotated && (
          <OneTimeSecret
            title="New signing secret (the old one keeps signing for 24 hours)"
            secret={rotated}
            onDone={() => setRotated(null)}
          />
        )}
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconSend size={14} />}
            disabled={!e.enabled}
            loading={test.isPending}
            onClick={() => test.mutate(undefined, { onSuccess: () => setShowLog(true) })}
          >
            Send test
          </Button>
          <Button size="xs" variant="default" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
            {showLog ? "Hide deliveries" : "Deliveries"}
          </Button>
          <Button
            size="xs"
            variant="default"
            loading={update.isPending}
            onClick={() => update.mutate({ id: e.id, enabled: !e.enabled })}
          >
            {e.enabled ? "Disable" : "Enable"}
          </Button>
          <Button size="xs" variant="default" onClick={() => setConfirm("rotate")}>
            Rotate secret
          </Button>
          <Button size="xs" variant="default" c="red" onClick={() => setConfirm("delete")}>
            Delete
          </Button>
        </Group>
        {test.isSuccess && (
          <Text size="xs" c="teal" role="status">
            Test event queued.
          </Text>
        )}
        {failure && (
          <Text size="xs" c="red" role="alert">
            {errorMessage(failure)}
          </Text>
        )}
        {showLog && <DeliveriesList endpointId={e.id} enabled={e.enabled} />}
      </Stack>
      <ConfirmDialog
        opened={confirm === "delete"}
        title="Delete this event endpoint?"
        confirmLabel="Delete endpoint"
        danger
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate(e.id, { onSuccess: () => setConfirm(null) })}
        onCancel={() => setConfirm(null)}
      >
        <Text size="sm">{e.url} will receive no more events, and its delivery log is deleted with it.</Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={confirm === "rotate"}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        busy={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={() =>
          rotate.mutate(e.id, {
            onSuccess: (r) => {
              setConfirm(null);
              setRotated(r.secret);
            },
          })
        }
        onCancel={() => setConfirm(null)}
      >
        <Text size="sm">
          Deliveries are signed with both the new and the old secret for 24 hours, then with the new one only. Update
          your receiver within that time.
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}
