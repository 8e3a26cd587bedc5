import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconSend } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { QueryState } from "../../../components/QueryState.js";
import table from "../../../components/plain-table.module.css";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useRecentCalls, useSendTest } from "../api/ingest.js";

type Call = NonNullable<ReturnType<typeof useRecentCalls>["data"]>["calls"][number];

function DecisionBadge({ c }: { c: Call }) {
  return (
    <Badge
      size="sm"
      tt="none"
      style={{ backgroundColor: c.decision === "allow" ? "#1e6b30" : "#a51d1d" }}
      title={c.reason}
    >
      {c.decision === "allow" ? "allowed" : "refused"}
    </Badge>
  );
}

/** On phones each call is a card: the table's five columns do not fit 390 px without scrolling sideways. */
function CallCards({ calls }: { calls: Call[] }) {
  return (
    <Stack component="ul" aria-labelledby="recent-calls" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
      {calls.map((c) => (
        <Paper component="li" key={c.id} withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} size="sm">
              {c.call}
            </Text>
            <DecisionBadge c={c} />
          </Group>
          <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
            {c.streamName}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {c.reason}
          </Text>
          <Text size="xs" c="dimmed">
            {formatUtc(c.at)} · receiver {c.receiverStatus ?? "–"} · {c.latencyMs} ms
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

/** Admin tools under Webhook Config: a test call and the recent media-server calls with decisions. */
export function WebhookTools({ webhook }: { webhook: string | null }) {
  const hasWebhook = webhook !== null;
  const send = useSendTest();
  // A test result speaks of the webhook it was sent to: once that changes or goes, it is gone too.
  const { reset } = send;
  useEffect(() => reset(), [webhook, reset]);
  const [decision, setDecision] = useState("all");
  const calls = useRecentCalls({ decision: decision === "all" ? null : decision, streamId: null });
  const phone = useMediaQuery("(max-width: 600px)", false, { getInitialValueInEffect: false }) ?? false;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconSend size={14} />}
          disabled={!hasWebhook}
          loading={send.isPending}
          onClick={() => send.mutate()}
        >
          Send test
        </Button>
        {!hasWebhook && (
          <Text size="xs" c="dimmed">
            Save a webhook to test it.
          </Text>
        )}
      </Group>
      {send.data && (
        <Alert
          color={send.data.decision === "allow" ? "green" : "red"}
          role="status"
          title={send.data.decision === "allow" ? "Publish would be allowed" : "Publish would be refused"}
        >
          {send.data.receiverStatus === null
            ? send.data.reason
            : `Receiver status: ${send.data.receiverStatus} · ${Math.round(send.data.latencyMs)} ms · ${send.data.reason}`}
        </Alert>
      )}
      {send.isError && (
        <Alert color="red" role="alert">
          {errorMessage(send.error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Text fw={600} size="sm" id="recent-calls">
          Recent calls
        </Text>
        {/* Native: the menu is the platform's own, and the Overview's first load carries no segmented control. */}
        <NativeSelect
          size="xs"
          aria-label="Filter calls by decision"
          value={decision}
          onChange={(e) => setDecision(e.currentTarget.value)}
          data={[
            { value: "all", label: "All calls" },
            { value: "allow", label: "Allowed" },
            { value: "deny", label: "Refused" },
          ]}
        />
      </Group>
      <QueryState isPending={calls.isPending} error={calls.error} retry={() => void calls.refetch()}>
        {calls.data?.calls.length === 0 ? (
          <Text size="sm" c="dimmed">
            No calls from the media server yet.
          </Text>
        ) : phone ? (
          <CallCards calls={calls.data?.calls ?? []} />
        ) : (
          <ScrollRegion label="Recent calls table" minWidth={480}>
            <table aria-labelledby="recent-calls" className={`${table.table} ${table.compact}`}>
              <thead>
                <tr>
                  <th>When (UTC)</th>
                  <th>Call</th>
                  <th>Stream</th>
                  <th>Decision</th>
                  <th>Receiver</th>
                </tr>
              </thead>
              <tbody>
                {calls.data?.calls.map((c) => (
                  <tr key={c.id}>
                    <td>{formatUtc(c.at).replace(" (UTC)", "")}</td>
                    <td>{c.call}</td>
                    <td style={{ fontFamily: "var(--mantine-font-family-monospace)" }}>{c.streamName}</td>
                    <td>
                      <DecisionBadge c={c} />
                    </td>
                    <td>
                      {c.receiverStatus ?? "–"} · {c.latencyMs} ms
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryState>
    </Stack>
  );
}
