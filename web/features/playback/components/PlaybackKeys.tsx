import { ActionIcon, Button, Group, Paper, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { PlaybackKeyResponse } from "../../../../contract/playback.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { Hint } from "../../../components/Hint.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import table from "../../../components/plain-table.module.css";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useDeletePlaybackKey, usePlaybackKeys } from "../api/playback.js";

const CreatePlaybackKeyDialog = lazyDialog(
  async () => (await import("./CreatePlaybackKeyDialog.js")).CreatePlaybackKeyDialog,
);

/** The Overview's playback signing keys (Secure): customers sign viewers' tokens in their own backend. */
export function PlaybackKeys() {
  const keys = usePlaybackKeys();
  const remove = useDeletePlaybackKey();
  const [creating, setCreating] = useState(false);
  const [doomed, setDoomed] = useState<PlaybackKeyResponse | null>(null);
  const list = keys.data?.keys ?? [];
  return (
    <section aria-labelledby="playback-keys-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="playback-keys-heading">
          Playback signing keys
        </Title>
        <Button size="xs" variant="light" onClick={() => setCreating(true)}>
          Create key
        </Button>
      </Group>
      <Paper withBorder radius="md" p="sm">
        {keys.isPending ? (
          <Text size="sm" c="dimmed">
            Loading signing keys…
          </Text>
        ) : keys.error ? (
          <Text size="sm" c="red" role="alert">
            Could not load signing keys: {errorMessage(keys.error)}
          </Text>
        ) : list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No signing keys. Create one to sign viewers&apos; playback tokens in your own backend.
          </Text>
        ) : (
          <table className={table.table} aria-label="Playback signing keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key ID</th>
                <th>Created (UTC)</th>
                <th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.id} aria-label={k.name ?? k.kid}>
                  <td>{k.name ?? "—"}</td>
                  <td style={{ fontFamily: "var(--mantine-font-family-monospace)", overflowWrap: "anywhere" }}>
                    {k.kid}
                  </td>
                  <td>{formatUtc(k.createdAt).replace(" (UTC)", "")}</td>
                  <td>
                    <Hint label="Delete key">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete key ${k.name ?? k.kid}`}
                        onClick={() => setDoomed(k)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Hint>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Paper>
      <CreatePlaybackKeyDialog opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={doomed !== null}
        title="Delete signing key?"
        confirmLabel="Delete key"
        danger
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => {
          remove.reset();
          setDoomed(null);
        }}
        onConfirm={() => doomed && remove.mutate(doomed.id, { onSuccess: () => setDoomed(null) })}
      >
        <Text size="sm">
          Tokens signed with <b>{doomed?.name ?? doomed?.kid}</b> stop working within seconds, and viewers using them
          are refused. This cannot be undone.
        </Text>
      </ConfirmDialog>
    </section>
  );
}
