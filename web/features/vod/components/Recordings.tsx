import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { Hint } from "../../../components/Hint.js";
import { IconPlayerPlay, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { VodResponse } from "../../../../contract/vod.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { CopyText } from "../../../components/CopyText.js";
import { QueryState } from "../../../components/QueryState.js";
import { errorMessage } from "../../../lib/api.js";
import { formatBytes, formatDuration, formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { loadRecording, useDeleteVod, useVods } from "../api/vod.js";

function Player({ vod }: { vod: VodResponse }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => void (src && URL.revokeObjectURL(src)), [src]);
  if (src)
    return (
      <video
        src={src}
        controls
        preload="metadata"
        style={{ width: "100%", maxWidth: 480 }}
        aria-label={`Recording ${formatUtc(vod.createdAt)}`}
      />
    );
  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPlayerPlay size={14} />}
        loading={busy}
        onClick={() => {
          setBusy(true);
          loadRecording(vod.url!)
            .then(setSrc, (e: unknown) => setError(errorMessage(e)))
            .finally(() => setBusy(false));
        }}
      >
        Play
      </Button>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}

/** The stream's recordings with size, duration, date, a player, the link and delete. */
export function Recordings({ streamId }: { streamId: string }) {
  const can = useCan();
  const vods = useVods(streamId);
  const remove = useDeleteVod();
  const [target, setTarget] = useState<VodResponse | null>(null);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Recordings
      </Title>
      <QueryState isPending={vods.isPending} error={vods.error} retry={() => void vods.refetch()}>
        {vods.data?.vods.length === 0 ? (
          <Text size="sm" c="dimmed">
            No recordings. Publish to the <code>rec</code> application to record this stream.
          </Text>
        ) : (
          <Stack>
            <Text size="xs" c="dimmed">
              {vods.data?.vodPublic
                ? "VODs are public: anyone with a link can watch these."
                : "VODs are private: only members and the API key can fetch these."}
            </Text>
            {vods.data?.vods.map((v) => (
              <Paper key={v.id} withBorder p="sm" aria-label={`Recording of ${formatUtc(v.createdAt)}`} role="group">
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {formatUtc(v.createdAt)}
                      </Text>
                      {v.status === "ready" ? (
                        <Text size="sm">
                          {formatDuration(v.durationMs)} · {formatBytes(v.sizeBytes)}
                        </Text>
                      ) : (
                        <Badge style={{ backgroundColor: "#a51d1d" }} tt="none" title={v.reason ?? ""}>
                          failed: {v.reason}
                        </Badge>
                      )}
                    </Group>
                    <Group gap={4}>
                      {v.url && (
                        <CopyText
                          value={new URL(v.url, window.location.origin).toString()}
                          label="Copy recording link"
                        />
                      )}
                      {can("StreamWithId.Delete") && (
                        <Hint label="Delete recording">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label="Delete recording"
                            onClick={() => setTarget(v)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Hint>
                      )}
                    </Group>
                  </Group>
                  {v.url && <Player vod={v} />}
                </Stack>
              </Paper>
            ))}
          </Stack>
        )}
      </QueryState>
      <ConfirmDialog
        opened={target !== null}
        title="Delete recording?"
        confirmLabel="Delete recording"
        danger
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => setTarget(null)}
        onConfirm={() => target && remove.mutate(target.id, { onSuccess: () => setTarget(null) })}
      >
        <Text size="sm">The MP4 file is removed; links to it stop working.</Text>
      </ConfirmDialog>
    </Paper>
  );
}
