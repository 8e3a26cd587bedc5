import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { Pager } from "../../../components/Pager.js";
import { QueryState } from "../../../components/QueryState.js";
import { errorMessage } from "../../../lib/api.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { formatUtc } from "../../../lib/format.js";
import type { DeliveryResponse } from "../../../../contract/events.js";
import { useDeliveries, useResend } from "../api/endpoints.js";
import { StatusBadge } from "./StatusBadge.js";

const PAGE_SIZE = 10;
const TONE = { delivered: "ok", pending: "warn", failed: "bad" } as const;

/** An endpoint's deliveries, newest first, each with its attempts; a finished one can be sent again. */
export function DeliveriesList({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const pages = useCursorPages(endpointId);
  const list = useDeliveries(endpointId, pages.cursor, PAGE_SIZE);
  const resend = useResend(endpointId);
  const rows = list.data?.deliveries ?? [];
  const shown = pages.page * PAGE_SIZE + rows.length;
  return (
    <Stack gap="xs" aria-label="Deliveries" component="section">
      <QueryState isPending={list.isPending} error={list.error} retry={() => void list.refetch()}>
        {rows.length === 0 && pages.page === 0 ? (
          <Text size="sm" c="dimmed">
            No deliveries yet. Send a test to see one.
          </Text>
        ) : (
          <Stack gap={6} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {rows.map((d) => (
              <li key={d.id}>
                <DeliveryRow
                  d={d}
                  canResend={enabled && d.status !== "pending"}
                  busy={resend.isPending && resend.variables === d.id}
                  onResend={() => resend.mutate(d.id)}
                />
              </li>
            ))}
          </Stack>
        )}
        {resend.isError && (
          <Text size="xs" c="red" role="alert">
            {errorMessage(resend.error)}
          </Text>
        )}
        {(pages.page > 0 || list.data?.next) && (
          <Pager
            page={pages.page}
            pageSize={PAGE_SIZE}
            count={rows.length}
            total={shown}
            totalCapped={Boolean(list.data?.next)}
            next={list.data?.next}
            onPrevious={pages.previous}
            onNext={pages.next}
            noun="deliveries"
          />
        )}
      </QueryState>
    </Stack>
  );
}

function DeliveryRow({
  d,
  canResend,
  busy,
  onResend,
}: {
  d: DeliveryResponse;
  canResend: boolean;
  busy: boolean;
  onResend: () => void;
}) {
  return (
    <Paper withBorder radius="sm" p="xs" aria-label={`Delivery ${d.type} ${d.status}`} data-testid="delivery">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {d.type}
          </Text>
          <StatusBadge tone={TONE[d.status]}>{d.status}</StatusBadge>
        </Group>
        <Button
          size="compact-xs"
          variant="default"
          disabled={!canResend}
          loading={busy}
          onClick={onResend}
          aria-label={`Resend ${d.type} delivery`}
        >
          Resend
        </Button>
      </Group>
      <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: "anywhere" }}>
        webhook-id {d.eventId}
      </Text>
      <Stack gap={0} component="ol" style={{ margin: 0, paddingLeft: "1.25rem" }} aria-label="Attempts">
        {d.attempts.map((a, i) => (
          <Text component="li" size="xs" key={i} data-testid="attempt">
            {formatUtc(a.at)} · {a.responseStatus === null ? "no answer" : `HTTP ${a.responseStatus}`} ·{" "}
            {Math.round(a.latencyMs)} ms{a.error ? ` · ${a.error}` : ""}
          </Text>
        ))}
      </Stack>
      {d.nextAttemptAt && (
        <Text size="xs" c="dimmed">
          Next attempt {formatUtc(d.nextAttemptAt)}
        </Text>
      )}
    </Paper>
  );
}
