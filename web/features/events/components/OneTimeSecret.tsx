import { Alert, Button, Group, Text } from "@mantine/core";
import { CopyText } from "../../../components/CopyText.js";

/** A signing secret straight from the server's answer, with a copy button and the warning it deserves. */
export function OneTimeSecret({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  return (
    <Alert color="orange" title={title} role="status">
      <Text size="sm" mb="xs">
        Copy the signing secret now and keep it with your receiver: it is shown here only once. Revealing it again later
        is recorded in the audit log.
      </Text>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Text
          ff="monospace"
          size="sm"
          style={{ flex: 1, minWidth: 0, overflowWrap: "anywhere" }}
          data-testid="one-time-secret"
          aria-label="Signing secret"
        >
          {secret}
        </Text>
        <CopyText value={secret} label="Copy signing secret" />
      </Group>
      <Button size="xs" variant="default" mt="sm" onClick={onDone}>
        I have copied it
      </Button>
    </Alert>
  );
}
