import { Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMediaQuery } from "@mantine/hooks";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Pager } from "../../../components/Pager.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { STREAM_STATES, type StreamState } from "../../../../contract/stream-states.js";
import type { StreamResponse } from "../../../../contract/stream.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { useStreams } from "../api/streams.js";
import { StreamActions } from "./StreamActions.js";
import { StreamStateBadge } from "./StreamStateBadge.js";
import { TagEditor } from "./TagEditor.js";
import { StreamThumbnail, thumbnailUrlOf } from "./StreamThumbnail.js";

// The column exists when the API gives thumbnails (Live Processing thumbnail); each stream may still have none.
const hasThumbnails = (streams: StreamResponse[]) => streams.some((s) => thumbnailUrlOf(s) !== undefined);

const CreateStreamDialog = lazyDialog(async () => (await import("./CreateStreamDialog.js")).CreateStreamDialog);

const PAGE = 25;

function LiveLine({ s }: { s: StreamResponse }) {
  if (!s.live) return null;
  return (
    <Text size="xs" c="dimmed" mt={2}>
      {s.live.viewers} viewer{s.live.viewers === 1 ? "" : "s"}
      {s.live.node ? ` · ${s.live.node}` : ""}
    </Text>
  );
}

function TagBadges({ tags }: { tags: string[] }) {
  return (
    <Group gap={4}>
      {tags.map((t) => (
        <Badge key={t} variant="light" color="brand" tt="none" radius="sm">
          {t}
        </Badge>
      ))}
    </Group>
  );
}

/** Phones: one card per stream with its actions in reach, nothing to scroll sideways. */
function StreamCards({ streams }: { streams: StreamResponse[] }) {
  const thumbs = hasThumbnails(streams);
  return (
    <Stack component="ul" aria-label="Streams" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
      {streams.map((s) => (
        <Paper component="li" key={s.id} aria-label={s.name} withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            {thumbs && <StreamThumbnail url={thumbnailUrlOf(s)} name={s.name} width={80} />}
            <div style={{ minWidth: 0, flex: 1 }}>
              <Anchor
                component={Link}
                to={`/streams/${s.id}`}
                ff="monospace"
                c="brand"
                style={{ overflowWrap: "anywhere" }}
              >
                {s.name}
              </Anchor>
              <Group gap={6} mt={4}>
                <StreamStateBadge state={s.state} />
                <LiveLine s={s} />
              </Group>
            </div>
            <StreamActions stream={s} />
          </Group>
          {s.tags.length > 0 && (
            <Group mt={6}>
              <TagBadges tags={s.tags} />
            </Group>
          )}
          <Text size="xs" c="dimmed" mt={6}>
            Created {formatUtc(s.createdAt)}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

function StreamTable({ streams }: { streams: StreamResponse[] }) {
  const thumbs = hasThumbnails(streams);
  return (
    <ScrollRegion label="Streams table" minWidth={760}>
      <Table aria-label="Streams" verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {thumbs && <Table.Th>Thumbnail</Table.Th>}
            <Table.Th>State</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Tags</Table.Th>
            <Table.Th>Created (UTC)</Table.Th>
            <Table.Th>Updated (UTC)</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {streams.map((s) => (
            <Table.Tr key={s.id} aria-label={s.name}>
              {thumbs && (
                <Table.Td>
                  <StreamThumbnail url={thumbnailUrlOf(s)} name={s.name} />
                </Table.Td>
              )}
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <StreamStateBadge state={s.state} />
                <LiveLine s={s} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Anchor component={Link} to={`/streams/${s.id}`} ff="monospace" c="brand">
                  {s.name}
                </Anchor>
              </Table.Td>
              <Table.Td miw={200}>
                <TagBadges tags={s.tags} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatUtc(s.createdAt).replace(" (UTC)", "")}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatUtc(s.updatedAt).replace(" (UTC)", "")}</Table.Td>
              <Table.Td>
                <StreamActions stream={s} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** The stream list, filtered by tags (all must match) and state; the filter lives in the URL. */
export function StreamsList() {
  const can = useCan();
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tags = params.getAll("tag");
  const state = (params.get("state") as StreamState | null) ?? null;
  const pages = useCursorPages(JSON.stringify([tags, state]));
  const [creating, setCreating] = useState(false);
  const streams = useStreams({ tags, state, limit: PAGE, cursor: pages.cursor });
  const total = streams.data?.total ?? 0;

  const setFilter = (nextTags: string[], nextState: string | null) => {
    const p = new URLSearchParams();
    for (const t of nextTags) p.append("tag", t);
    if (nextState) p.set("state", nextState);
    setParams(p, { replace: true });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} c="brand">
          Streams
        </Title>
        {can("Stream.CreateStream") && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Create stream
          </Button>
        )}
      </Group>
      <Group align="flex-end" wrap="wrap">
        <div style={{ flex: "1 1 280px" }}>
          <TagEditor label="Filter by tags" value={tags} onChange={(t) => setFilter(t, state)} limit={false} />
        </div>
        <Select
          label="State"
          placeholder="Any state"
          data={[...STREAM_STATES].filter((s) => s !== "deleted")}
          value={state}
          onChange={(v) => setFilter(tags, v)}
          clearable
          w={160}
        />
      </Group>
      <Paper withBorder p="xs">
        <QueryState isPending={streams.isPending} error={streams.error} retry={() => void streams.refetch()} lines={6}>
          {total === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {tags.length || state ? "No stream matches this filter." : "No streams yet."}
            </Text>
          ) : phone ? (
            <StreamCards streams={streams.data?.streams ?? []} />
          ) : (
            <StreamTable streams={streams.data?.streams ?? []} />
          )}
          <Group justify="flex-end" mt="xs" gap="xs">
            <Pager
              page={pages.page}
              pageSize={PAGE}
              count={streams.data?.streams.length ?? 0}
              total={total}
              totalCapped={streams.data?.totalCapped}
              next={streams.data?.next}
              onPrevious={pages.previous}
              onNext={pages.next}
              noun="streams"
            />
          </Group>
        </QueryState>
      </Paper>
      <CreateStreamDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          void navigate(`/streams/${s.id}`);
        }}
      />
    </Stack>
  );
}
