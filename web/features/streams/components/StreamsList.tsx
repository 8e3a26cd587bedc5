import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconPlus, IconSearch } from "@tabler/icons-react";
import { useMediaQuery } from "@mantine/hooks";
import { lazy, memo, Suspense, useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { PageNav } from "../../../components/PageNav.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { STREAM_STATES, type StreamState } from "../../../../contract/stream-states.js";
import {
  CONTAINS_SCAN_MAX,
  STREAM_SEARCH_MAX,
  STREAM_SORT_DEFAULT_DIR,
  type StreamSort,
} from "../../../../contract/stream-list.js";
import type { StreamResponse } from "../../../../contract/stream.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useJumpPages } from "../../../lib/jump-pages.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { STREAM_PAGE, viewFromSearch, type StreamListView } from "../api/list-query.js";
import { useStreamList } from "../api/streams.js";
import { StreamActions } from "./StreamActions.js";
import { StreamStateBadge } from "./StreamStateBadge.js";
import { StreamThumbnail, thumbnailUrlOf } from "./StreamThumbnail.js";

// The column exists when the API gives thumbnails (Live Processing thumbnail); each stream may still have none.
const hasThumbnails = (streams: StreamResponse[]) => streams.some((s) => thumbnailUrlOf(s) !== undefined);

// The tag filter (suggestions in a popup) arrives just after the rows: it is not part of the first load.
const TagFilter = lazy(async () => ({ default: (await import("./TagEditor.js")).TagEditor }));

const CreateStreamDialog = lazyDialog(async () => (await import("./CreateStreamDialog.js")).CreateStreamDialog);

/** Sorts as the phone's menu offers them (a column header toggles the direction on desktops). */
const SORT_CHOICES: Array<{ value: string; label: string }> = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "updated:desc", label: "Recently updated" },
  { value: "updated:asc", label: "Least recently updated" },
  { value: "name:asc", label: "Name A–Z" },
  { value: "name:desc", label: "Name Z–A" },
  { value: "state:asc", label: "State: live first" },
  { value: "state:desc", label: "State: locked first" },
];

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
const StreamCards = memo(function StreamCards({ streams }: { streams: StreamResponse[] }) {
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
});

/** A column header that sorts: its button says what a click does, `aria-sort` what the order is now. */
function SortHeader(props: {
  label: string;
  sort: StreamSort;
  view: StreamListView;
  onSort: (sort: StreamSort, dir: "asc" | "desc") => void;
}) {
  const { label, sort, view } = props;
  const active = view.sort === sort;
  const nextDir = active ? (view.dir === "asc" ? "desc" : "asc") : STREAM_SORT_DEFAULT_DIR[sort];
  const Icon = !active ? IconArrowsSort : view.dir === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th aria-sort={active ? (view.dir === "asc" ? "ascending" : "descending") : undefined}>
      <UnstyledButton
        onClick={() => props.onSort(sort, nextDir)}
        aria-label={`Sort by ${label.replace(" (UTC)", "").toLowerCase()}, ${nextDir === "asc" ? "ascending" : "descending"}`}
        style={{ display: "inline-flex", alignItems: "center", gap: 4, fontWeight: 700, whiteSpace: "nowrap" }}
      >
        {label}
        <Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.5 }} />
      </UnstyledButton>
    </Table.Th>
  );
}

const StreamTable = memo(function StreamTable({
  streams,
  view,
  onSort,
}: {
  streams: StreamResponse[];
  view: StreamListView;
  onSort: (sort: StreamSort, dir: "asc" | "desc") => void;
}) {
  const thumbs = hasThumbnails(streams);
  return (
    <ScrollRegion label="Streams table" minWidth={760}>
      <Table aria-label="Streams" verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {thumbs && <Table.Th>Thumbnail</Table.Th>}
            <SortHeader label="State" sort="state" view={view} onSort={onSort} />
            <SortHeader label="Name" sort="name" view={view} onSort={onSort} />
            <Table.Th>Tags</Table.Th>
            <SortHeader label="Created (UTC)" sort="created" view={view} onSort={onSort} />
            <SortHeader label="Updated (UTC)" sort="updated" view={view} onSort={onSort} />
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
});

/**
 * The stream list: search by name, filters by tags (all must match) and state, four sorts, the total
 * above the table and page jumps below it. Everything but the page lives in the URL.
 */
export function StreamsList() {
  const can = useCan();
  // Known at the first render, so a phone never renders the table first.
  const phone = useMediaQuery("(max-width: 600px)", undefined, { getInitialValueInEffect: false }) ?? false;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = viewFromSearch(params);
  const { tags, state } = view;
  const pages = useJumpPages(
    JSON.stringify([tags, state, view.q.trim(), view.match, view.sort, view.dir]),
    STREAM_PAGE,
  );
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState(view.q);
  const streams = useStreamList(view, pages.fetch);
  const total = streams.data?.total ?? 0;
  const filtered = tags.length > 0 || state !== null || view.q.trim() !== "";

  // From the URL as it is when applied, so a late search update cannot undo a change made meanwhile.
  const update = (change: Partial<StreamListView>) =>
    setParams(
      (prev) => {
        const v = { ...viewFromSearch(prev), ...change };
        const p = new URLSearchParams();
        if (v.q.trim()) p.set("q", v.q.trim());
        if (v.match === "contains") p.set("match", "contains");
        for (const t of v.tags) p.append("tag", t);
        if (v.state) p.set("state", v.state);
        if (v.sort !== "created") p.set("sort", v.sort);
        if (v.dir !== STREAM_SORT_DEFAULT_DIR[v.sort]) p.set("dir", v.dir);
        return p;
      },
      { replace: true },
    );
  // The search reaches the URL (and the server) once typing pauses.
  useEffect(() => {
    if (search === view.q) return;
    const t = setTimeout(() => update({ q: search }), 250);
    return () => clearTimeout(t);
  });
  const onSort = (sort: StreamSort, dir: "asc" | "desc") => update({ sort, dir });

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
        <div style={{ flex: "1 1 240px" }}>
          <TextInput
            type="search"
            label="Search by name"
            placeholder={view.match === "contains" ? "Any part of the name" : "Start of the name"}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            maxLength={STREAM_SEARCH_MAX}
            onChange={(e) => setSearch(e.currentTarget.value)}
            onKeyDown={(e) => e.key === "Enter" && update({ q: search })}
          />
        </div>
        <Checkbox
          label="Match anywhere in the name"
          checked={view.match === "contains"}
          onChange={(e) => update({ q: search, match: e.currentTarget.checked ? "contains" : "prefix" })}
          mb={8}
        />
      </Group>
      <Group align="flex-end" wrap="wrap">
        <div style={{ flex: "1 1 280px" }}>
          <Suspense
            fallback={<TextInput label="Filter by tags" readOnly value={tags.join(", ")} placeholder="Loading tags…" />}
          >
            <TagFilter label="Filter by tags" value={tags} onChange={(t) => update({ tags: t })} limit={false} />
          </Suspense>
        </div>
        <NativeSelect
          label="State"
          data={[
            { value: "", label: "Any state" },
            ...[...STREAM_STATES].filter((s) => s !== "deleted").map((s) => ({ value: s, label: s })),
          ]}
          value={state ?? ""}
          onChange={(e) => update({ state: (e.currentTarget.value || null) as StreamState | null })}
          w={160}
        />
        {phone && (
          <NativeSelect
            label="Sort"
            data={SORT_CHOICES}
            value={`${view.sort}:${view.dir}`}
            onChange={(e) => {
              const [sort, dir] = e.currentTarget.value.split(":") as [StreamSort, "asc" | "desc"];
              update({ sort, dir });
            }}
            w={200}
          />
        )}
      </Group>
      <Text fw={600} aria-live="polite">
        {streams.data
          ? `${total.toLocaleString("en")}${streams.data.totalCapped ? "+" : ""} ${filtered ? "matching " : ""}stream${total === 1 ? "" : "s"}`
          : "\u00a0"}
      </Text>
      <Paper withBorder p="xs">
        <QueryState isPending={streams.isPending} error={streams.error} retry={() => void streams.refetch()} lines={6}>
          {(streams.data?.streams.length ?? 0) === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {streams.data?.partial
                ? "No match among the streams searched so far: the next page searches further."
                : filtered
                  ? "No stream matches this search and filter."
                  : "No streams yet."}
            </Text>
          ) : phone ? (
            <StreamCards streams={streams.data?.streams ?? []} />
          ) : (
            <StreamTable streams={streams.data?.streams ?? []} view={view} onSort={onSort} />
          )}
          {streams.data?.partial && (streams.data.streams.length ?? 0) > 0 && (
            <Text size="xs" c="dimmed" mt="xs">
              The search stopped after looking at {CONTAINS_SCAN_MAX.toLocaleString("en")} streams; the next page
              searches further.
            </Text>
          )}
          <Group mt="xs">
            <PageNav
              pages={pages}
              pageSize={STREAM_PAGE}
              count={streams.data?.streams.length ?? 0}
              total={total}
              totalCapped={streams.data?.totalCapped}
              next={streams.data?.next}
              noun="streams"
              compact={phone}
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
