import { Button, Group, Modal, Stack, Text } from "@mantine/core";

/** After a stop, lock or delete: the media servers that could not be told to drop the stream. */
export function UnreachedNodesDialog(props: {
  opened: boolean;
  onClose: () => void;
  streamName: string;
  nodes: string[];
}) {
  const one = props.nodes.length === 1;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Some media servers were not reached" centered>
      <Stack gap="sm">
        <Text size="sm">
          The change is saved, but {one ? "this media server" : "these media servers"} could not be told to disconnect{" "}
          <b>{props.streamName}</b>:{" "}
          <Text span ff="monospace">
            {props.nodes.join(", ")}
          </Text>
          . {one ? "It refuses" : "They refuse"} the stream at its next update check.
        </Text>
        <Group justify="flex-end">
          <Button onClick={props.onClose}>OK</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
