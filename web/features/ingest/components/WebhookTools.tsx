import { Alert, Badge, Button, Group, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useRecentCalls, useSendTest } from "../api/ingest.js";

/** Admin tools under Webhook Config: a test call and the recent media-server calls with decisions. */
export function WebhookTools({ hasWebhook }: { hasWebhook: boolean }) {
  const send = useSendTest();
  const [decision, setDecision] = useState("all");
  const calls = useRecentCalls({ decision: decision === "all" ? null : decision, streamId: null });
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button size="xs" variant="light" leftSection={<IconSend size={14} />} disabled={!hasWebhook} loading={send.isPending} onClick={() => send.mutate()}>
          Send test
        </Button>
        {!hasWebhook && (
          <Text size="xs" c="dimmed">
            Save a webhook to test it.
          </Text>
        )}
      </Group>
      {send.data && (
        <Alert color={send.data.decision === "allow" ? "green" : "red"} role="status" title={send.data.decision === "allow" ? "Publish would be allowed" : "Publish would be refused"}>
          {send.data.receiverStatus === null ? send.data.reason : `Receiver status: ${send.data.receiverStatus} · ${Math.round(send.data.latencyMs)} ms · ${send.data.reason}`}
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
        <SegmentedControl
          size="xs"
          aria-label="Filter calls by decision"
          value={decision}
          onChange={setDecision}
          data={[
            { value: "all", label: "All" },
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
        ) : (
          <ScrollRegion label="Recent calls table" minWidth={480}>
            <Table aria-labelledby="recent-calls" verticalSpacing={4} fz="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When (UTC)</Table.Th>
                  <Table.Th>Call</Table.Th>
                  <Table.Th>Stream</Table.Th>
                  <Table.Th>Decision</Table.Th>
                  <Table.Th>Receiver</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {calls.data?.calls.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{formatUtc(c.at).replace(" (UTC)", "")}</Table.Td>
                    <Table.Td>{c.call}</Table.Td>
                    <Table.Td ff="monospace">{c.streamName}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" tt="none" style={{ backgroundColor: c.decision === "allow" ? "#1e6b30" : "#a51d1d" }} title={c.reason}>
                        {c.decision === "allow" ? "allowed" : "refused"}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {c.receiverStatus ?? "–"} · {c.latencyMs} ms
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
      </QueryState>
    </Stack>
  );
}
