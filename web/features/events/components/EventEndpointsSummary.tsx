import { Button, Group, Text, Title } from "@mantine/core";
import { useState } from "react";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { useEventEndpoints } from "../api/endpoints.js";

// The manager (forms, multi-select, delivery log) loads on first open: the overview stays light.
const EventEndpointsDialog = lazyDialog(async () => (await import("./EventEndpointsDialog.js")).EventEndpointsDialog);

/** The Webhook Config card's "Event endpoints" part: a one-line summary and the manager's button. */
export function EventEndpointsSummary() {
  const list = useEventEndpoints();
  const [open, setOpen] = useState(false);
  const endpoints = list.data?.endpoints ?? [];
  const failing = endpoints.filter((e) => e.failingSince !== null || !e.enabled).length;
  return (
    <section aria-labelledby="event-endpoints-heading">
      <Title order={3} size="h5" id="event-endpoints-heading" mb={4}>
        Event endpoints
      </Title>
      <Group justify="space-between" gap="xs">
        {list.isPending ? (
          <Text size="sm" c="dimmed">
            Loading event endpoints…
          </Text>
        ) : list.error ? (
          <Text size="sm" c="red" role="alert">
            Could not load event endpoints.
          </Text>
        ) : (
          <Text size="sm" c={endpoints.length === 0 ? "dimmed" : undefined} data-testid="event-endpoints-summary">
            {endpoints.length === 0
              ? "Signed events (stream live, recording ready, …) go nowhere yet."
              : `${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"}${failing > 0 ? ` · ${failing} failing or disabled` : ""}`}
          </Text>
        )}
        <Button size="xs" variant="light" onClick={() => setOpen(true)}>
          Manage event endpoints
        </Button>
      </Group>
      <EventEndpointsDialog opened={open} onClose={() => setOpen(false)} />
    </section>
  );
}
