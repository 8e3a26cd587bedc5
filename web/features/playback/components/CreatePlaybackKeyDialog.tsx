import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { CopyText } from "../../../components/CopyText.js";
import { errorMessage } from "../../../lib/api.js";
import { useCreatePlaybackKey } from "../api/playback.js";

/** Create a signing key; its private key is in this dialog once and nowhere else afterwards. */
export function CreatePlaybackKeyDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreatePlaybackKey();
  const [name, setName] = useState("");
  const close = () => {
    create.reset();
    setName("");
    onClose();
  };
  const made = create.data;
  return (
    <Modal opened={opened} onClose={close} title="Create playback signing key" centered size="lg">
      {made ? (
        <Alert color="orange" title={`Key ${made.kid} created`} role="status">
          <Text size="sm" mb="xs">
            Copy the private key now and keep it in your backend, which signs viewers&apos; tokens with it (ES256,
            header <code>kid: {made.kid}</code>). It is shown here only once: orgdeck does not keep it.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Text
              component="pre"
              ff="monospace"
              size="xs"
              m={0}
              style={{ flex: 1, minWidth: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
              data-testid="private-key"
              aria-label="Private key"
            >
              {made.privateKey}
            </Text>
            <CopyText value={made.privateKey} label="Copy private key" />
          </Group>
          <Button size="xs" variant="default" mt="sm" onClick={close}>
            I have copied it
          </Button>
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(name.trim());
          }}
        >
          <Stack>
            <TextInput
              label="Name (optional)"
              description="Where the key is used, e.g. the backend that signs tokens"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            {create.isError && (
              <Text size="sm" c="red" role="alert">
                {errorMessage(create.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
