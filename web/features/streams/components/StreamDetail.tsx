import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { IconShieldLock } from "@tabler/icons-react";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { CopyText } from "../../../components/CopyText.js";
import { QueryState } from "../../../components/QueryState.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import type { StreamLiveInfo, StreamResponse } from "../../../../contract/stream.js";
import { useSetTags, useStream } from "../api/streams.js";
import { StreamActions } from "./StreamActions.js";
import { StreamStateBadge } from "./StreamStateBadge.js";
import { thumbnailUrlOf } from "./StreamThumbnail.js";
import { ThumbnailPanel } from "./ThumbnailPanel.js";

// The tag editor (suggestions in a popup) arrives just after the stream's details: not part of the first load.
const TagEditor = lazy(async () => ({ default: (await import("./TagEditor.js")).TagEditor }));

const bytes = (n: number | null) =>
  n === null ? "—" : n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;

/** While the stream is live: what the media servers report. */
function LiveFacts({ live }: { live: StreamLiveInfo }) {
  const rows: Array<[string, string]> = [
    ["Live since", formatUtc(live.since)],
    ["Media server", live.node ?? "unknown"],
    ["Application", live.app],
    ["Publisher address", live.publisherAddr ?? "unknown"],
    ["Viewers now", String(live.viewers)],
    ["Last callback", formatUtc(live.lastCallbackAt)],
    ["Received / sent", `${bytes(live.bytesIn)} / ${bytes(live.bytesOut)}`],
  ];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        On air
      </Title>
      <Table aria-label="On air">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={170}>{label}</Table.Th>
              <Table.Td ff={label === "Media server" || label === "Publisher address" ? "monospace" : undefined}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The reference's header: state, creation date, single stream, secure, and the id to copy. */
function StreamHeader({ stream, secure }: { stream: StreamResponse; secure: boolean }) {
  return (
    <Group gap="xs" wrap="wrap" aria-label="Stream summary" role="group">
      <StreamStateBadge state={stream.state} />
      <Text size="sm" c="dimmed">
        Created {formatUtc(stream.createdAt)}
      </Text>
      <Badge variant="outline" color="gray" tt="none">
        Single Stream
      </Badge>
      {secure && (
        <Badge variant="filled" color="teal.9" tt="none" leftSection={<IconShieldLock size={12} aria-hidden />}>
          Secure
        </Badge>
      )}
      <Group gap={2} wrap="nowrap" style={{ minWidth: 0 }}>
        <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
          ID {stream.id}
        </Text>
        <CopyText value={stream.id} label="Copy stream ID" />
      </Group>
    </Group>
  );
}

/**
 * One stream: header and quick actions, ingest address, what is on air, tags (editable when permitted),
 * and what the route puts beside them (`quickActions`, `sections`: other features' parts).
 */
export function StreamDetail({
  id,
  secure = false,
  quickActions,
  sections,
}: {
  id: string;
  secure?: boolean;
  quickActions?: (s: StreamResponse) => ReactNode;
  sections?: (s: StreamResponse) => ReactNode;
}) {
  const can = useCan();
  const navigate = useNavigate();
  const stream = useStream(id);
  const setTags = useSetTags();
  const [draft, setDraft] = useState<string[] | null>(null);

  return (
    <QueryState isPending={stream.isPending} error={stream.error} retry={() => void stream.refetch()} lines={5}>
      {stream.data && (
        <Stack>
          <Anchor component={Link} to="/streams" size="sm" c="brand">
            ← All streams
          </Anchor>
          <Group justify="space-between" wrap="wrap">
            <Title order={1} ff="monospace" c="brand" style={{ overflowWrap: "anywhere" }}>
              {stream.data.name}
            </Title>
            <Group gap="xs" wrap="nowrap">
              {quickActions?.(stream.data)}
              <StreamActions stream={stream.data} onDeleted={() => void navigate("/streams")} />
            </Group>
          </Group>
          <StreamHeader stream={stream.data} secure={secure} />
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Ingest
            </Title>
            <Table>
              <Table.Tbody>
                {[
                  ["RTMP URL", stream.data.ingest.rtmpUrl],
                  ["Stream name", stream.data.ingest.streamName],
                ].map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w={130}>{label}</Table.Th>
                    <Table.Td ff="monospace" style={{ overflowWrap: "anywhere" }}>
                      {value}
                    </Table.Td>
                    <Table.Td w={40}>
                      <CopyText value={value!} label={`Copy ${label}`} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed" mt="xs">
              Created {formatUtc(stream.data.createdAt)} · updated {formatUtc(stream.data.updatedAt)}
            </Text>
          </Paper>
          {stream.data.live && <LiveFacts live={stream.data.live} />}
          {sections?.(stream.data)}
          {thumbnailUrlOf(stream.data) && <ThumbnailPanel url={thumbnailUrlOf(stream.data)!} name={stream.data.name} />}
          <Paper withBorder p="md">
            <Stack gap="xs">
              <Title order={2} size="h4">
                Tags
              </Title>
              {can("StreamWithId.SetTags") ? (
                <>
                  <Suspense
                    fallback={
                      <TextInput
                        label="Stream tags"
                        readOnly
                        value={(draft ?? stream.data.tags).join(", ")}
                        placeholder="Loading tags…"
                      />
                    }
                  >
                    <TagEditor label="Stream tags" value={draft ?? stream.data.tags} onChange={setDraft} />
                  </Suspense>
                  {setTags.isError && (
                    <Text size="sm" c="red" role="alert">
                      {errorMessage(setTags.error)}
                    </Text>
                  )}
                  <Group>
                    <Button
                      size="xs"
                      disabled={draft === null}
                      loading={setTags.isPending}
                      onClick={() => draft && setTags.mutate({ id, tags: draft }, { onSuccess: () => setDraft(null) })}
                    >
                      Save tags
                    </Button>
                  </Group>
                </>
              ) : (
                <Text size="sm">{stream.data.tags.join(", ") || "No tags."}</Text>
              )}
            </Stack>
          </Paper>
        </Stack>
      )}
    </QueryState>
  );
}
