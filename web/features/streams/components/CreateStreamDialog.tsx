import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { StreamResponse } from "../../../../contract/stream.js";
import { errorMessage } from "../../../lib/api.js";
import { useCreateStream } from "../api/streams.js";
import { TagEditor } from "./TagEditor.js";

export function CreateStreamDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (s: StreamResponse) => void;
}) {
  const [tags, setTags] = useState<string[]>([]);
  const create = useCreateStream();
  // Cancel means start over: the next opening shows an empty form, not the abandoned one.
  const cancel = () => {
    setTags([]);
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={cancel} title="Create stream">
      <Stack>
        <Text size="sm">The stream gets a name made of your organisation&apos;s hash and five random characters.</Text>
        <TagEditor
          label="Tags"
          description="Type a tag and press Enter; existing tags are suggested."
          value={tags}
          onChange={setTags}
        />
        {create.isError && (
          <Alert color="red" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={cancel}>
            Cancel
          </Button>
          <Button
            loading={create.isPending}
            onClick={() =>
              create.mutate(tags, {
                onSuccess: (s) => {
                  setTags([]);
                  create.reset();
                  onCreated(s);
                },
              })
            }
          >
            Create Stream
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
