import { Badge, Group, NativeSelect, Paper, Stack, Text } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { useMediaQuery } from "@mantine/hooks";
import { Fragment, useState } from "react";
import { AUDIT_ACTIONS, auditActionLabel } from "../../../../contract/audit-actions.js";
import type { AuditEventResponse } from "../../../../contract/audit.js";
import { Pager } from "../../../components/Pager.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { formatUtc } from "../../../lib/format.js";
import { useAudit } from "../api/audit.js";
import { actorName, describeTarget } from "./describe-event.js";

const PAGE = 25;
/** The filter's groups, by the action's prefix; an action no group names falls under "Other". */
const ACTION_GROUPS: Array<[string, RegExp]> = [
  ["Sign-in and tokens", /^(authn|session)_/],
  ["Users and invitations", /^(user|password_reset|authz|invite)_/],
  ["Roles", /^privilege_/],
  ["Streams and tags", /^(stream|tag)_/],
  ["Recordings", /^vod_/],
  ["Organisation and integrations", /^(org|setup|apikey|webhook|event_endpoint|playback_key)_/],
];
const groupOf = (action: string) => ACTION_GROUPS.find(([, re]) => re.test(action))?.[0] ?? "Other";
const ACTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }));
// Native: the menu is the platform's own (typing a letter jumps to it), and no popup engine comes with the page.
const ACTION_OPTIONS = [
  { value: "", label: "All actions" },
  ...[...ACTION_GROUPS.map(([g]) => g), "Other"]
    .map((group) => ({
      group,
      items: ACTIONS.filter((a) => groupOf(a.value) === group).sort((a, b) => a.label.localeCompare(b.label)),
    }))
    .filter((g) => g.items.length > 0),
];

function Outcome({ e }: { e: AuditEventResponse }) {
  return (
    <Badge
      variant="outline"
      tt="none"
      // The label clips by default, which lets a table squeeze the badge to "suc…": it keeps its word.
      styles={{ root: { flexShrink: 0, maxWidth: "none" }, label: { overflow: "visible" } }}
      style={{
        color: `var(--od-${e.outcome === "success" ? "success" : "danger"})`,
        borderColor: "currentColor",
      }}
    >
      {e.outcome}
    </Badge>
  );
}

/**
 * Text that wraps where a reader expects (before "@", "." and "·"), so an email breaks into its parts
 * instead of mid-word; a single part longer than the column still wraps rather than widen the page.
 */
function Wrapping({ text }: { text: string }) {
  return text.split(/(?=[@.·])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

const when = (e: AuditEventResponse) => formatUtc(e.at).replace(" (UTC)", "");

/** Phones: one card per event, nothing to scroll sideways. */
function EventCards({ events }: { events: AuditEventResponse[] }) {
  return (
    <Stack component="ul" aria-label="Activity" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
      {events.map((e) => (
        <Paper component="li" key={e.id} withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} size="sm">
              {auditActionLabel(e.action)}
            </Text>
            <Outcome e={e} />
          </Group>
          {describeTarget(e) && (
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {describeTarget(e)}
            </Text>
          )}
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {actorName(e)} · {when(e)} UTC
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

function EventTable({ events }: { events: AuditEventResponse[] }) {
  return (
    <ScrollRegion label="Activity table" minWidth={720}>
      <Table aria-label="Activity" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When (UTC)</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>About</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{when(e)}</Table.Td>
              <Table.Td style={{ overflowWrap: "break-word", minWidth: 160 }}>
                <Wrapping text={actorName(e)} />
              </Table.Td>
              <Table.Td title={e.action}>{auditActionLabel(e.action)}</Table.Td>
              <Table.Td style={{ overflowWrap: "break-word", minWidth: 160 }}>
                <Wrapping text={describeTarget(e)} />
              </Table.Td>
              {/* The badge keeps its whole word: the column is as wide as it needs. */}
              <Table.Td style={{ whiteSpace: "nowrap", width: "1%" }}>
                <Outcome e={e} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** The organisation's audit log, newest first. */
export function ActivityTab() {
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const [action, setAction] = useState<string | null>(null);
  const pages = useCursorPages(action ?? "");
  const audit = useAudit({ limit: PAGE, cursor: pages.cursor, action });
  const total = audit.data?.total ?? 0;
  const events = audit.data?.events ?? [];
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <NativeSelect
          label="Action"
          data={ACTION_OPTIONS}
          value={action ?? ""}
          onChange={(e) => setAction(e.currentTarget.value || null)}
          w={{ base: "100%", xs: 300 }}
        />
        <Pager
          page={pages.page}
          pageSize={PAGE}
          count={events.length}
          total={total}
          totalCapped={audit.data?.totalCapped}
          next={audit.data?.next}
          onPrevious={pages.previous}
          onNext={pages.next}
          noun="events"
          previousLabel="Newer events"
          nextLabel="Older events"
          emptyText="No events"
        />
      </Group>
      <Paper withBorder p="xs">
        <QueryState isPending={audit.isPending} error={audit.error} retry={() => void audit.refetch()} lines={6}>
          {events.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {action ? "No events of this kind yet." : "No events yet."}
            </Text>
          ) : phone ? (
            <EventCards events={events} />
          ) : (
            <EventTable events={events} />
          )}
        </QueryState>
      </Paper>
    </Stack>
  );
}
