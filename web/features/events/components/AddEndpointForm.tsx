import { Button, Group, MultiSelect, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { EVENT_TYPES } from "../../../../contract/event-types.js";
import { errorMessage } from "../../../lib/api.js";
import { useCreateEndpoint } from "../api/endpoints.js";

// `ping` goes only to the endpoint a test is sent to, so it is not something to subscribe to.
const EVENT_OPTIONS = [
  { value: "*", label: "All events" },
  ...EVENT_TYPES.filter((e) => e.type !== "ping").map((e) => ({
    value: e.type,
    label: `${e.type} — ${e.description}`,
  })),
];

export function AddEndpointForm({
  onCreated,
  onCancel,
}: {
  onCreated: (r: { endpoint: { url: string }; secret: string }) => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["*"]);
  const [description, setDescription] = useState("");
  const create = useCreateEndpoint();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) },
      { onSuccess: onCreated },
    );
  };
  // "All events" and single events exclude each other, as the server requires.
  const pick = (next: string[]) =>
    setEvents(next.includes("*") && !events.includes("*") ? ["*"] : next.filter((v) => v !== "*" || next.length === 1));
  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate aria-label="Add event endpoint">
        <Stack gap="sm">
          <TextInput
            label="Endpoint URL"
            placeholder="https://example.com/orgdeck-events"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            required
            data-autofocus
          />
          <MultiSelect
            label="Events"
            data={EVENT_OPTIONS}
            value={events}
            onChange={pick}
            searchable
            comboboxProps={{ withinPortal: true }}
            required
          />
          <TextInput
            label="Description (optional)"
            value={description}
            maxLength={200}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          {create.isError && (
            <Text size="sm" c="red" role="alert" style={{ overflowWrap: "anywhere" }}>
              {errorMessage(create.error)}
            </Text>
          )}
          <Group gap="xs">
            <Button type="submit" loading={create.isPending} disabled={url.trim() === "" || events.length === 0}>
              Add endpoint
            </Button>
            <Button variant="default" onClick={onCancel} disabled={create.isPending}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
