import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { DEFAULT_EVENT_ENDPOINTS } from "../../../../contract/event-types.js";
import { QueryState } from "../../../components/QueryState.js";
import { useEventEndpoints } from "../api/endpoints.js";
import { AddEndpointForm } from "./AddEndpointForm.js";
import { EndpointCard } from "./EndpointCard.js";
import { OneTimeSecret } from "./OneTimeSecret.js";

/** The event endpoint manager: list, add, and each endpoint's secret, test, deliveries and removal. */
export function EventEndpointsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const list = useEventEndpoints();
  const [adding, setAdding] = useState(false);
  // The secret of the endpoint just added: shown once, here, and dropped when the dialog closes.
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const endpoints = list.data?.endpoints ?? [];
  const close = () => {
    setCreated(null);
    setAdding(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Event endpoints" size="xl" fullScreen={phone}>
      <Stack gap="md">
        <Text size="sm">
          Each endpoint receives the events it subscribes to as signed JSON POSTs (Standard Webhooks), retried until it
          answers 2xx. Up to {DEFAULT_EVENT_ENDPOINTS} endpoints unless the operator set another limit.
        </Text>
        {created && (
          <OneTimeSecret
            title={`Endpoint added: ${created.url}`}
            secret={created.secret}
            onDone={() => setCreated(null)}
          />
        )}
        {adding ? (
          <AddEndpointForm
            onCancel={() => setAdding(false)}
            onCreated={(r) => {
              setAdding(false);
              setCreated({ url: r.endpoint.url, secret: r.secret });
            }}
          />
        ) : (
          <Group>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add endpoint
            </Button>
          </Group>
        )}
        <QueryState isPending={list.isPending} error={list.error} retry={() => void list.refetch()}>
          {endpoints.length === 0 ? (
            <Text size="sm" c="dimmed">
              No event endpoints yet.
            </Text>
          ) : (
            <Stack
              gap="sm"
              component="ul"
              style={{ listStyle: "none", padding: 0, margin: 0 }}
              aria-label="Event endpoints"
            >
              {endpoints.map((e) => (
                <li key={e.id}>
                  <EndpointCard endpoint={e} />
                </li>
              ))}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Modal>
  );
}
