import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { ORG_NAME_MAX } from "../../../../contract/auth-limits.js";
import { errorMessage } from "../../../lib/api.js";
import { useRenameOrganisation } from "../api/organisation.js";

function nameProblem(name: string): string | undefined {
  const v = name.trim();
  if (!v) return "Enter the organisation's name.";
  if (v.length > ORG_NAME_MAX) return `Use at most ${ORG_NAME_MAX} characters (now ${v.length}).`;
  return undefined;
}

/** Rename the organisation (the setup page promises it can be changed later). */
export function RenameOrganisationDialog(props: {
  opened: boolean;
  current: string;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const rename = useRenameOrganisation();
  const [name, setName] = useState(props.current);
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    if (props.opened) {
      setName(props.current);
      setProblem(undefined);
      rename.reset();
    }
    // Reset only when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.opened]);

  const save = () => {
    const local = nameProblem(name);
    setProblem(local);
    if (local) return;
    if (name.trim() === props.current) return props.onClose();
    rename.mutate(name.trim(), { onSuccess: (org) => props.onDone(org.name) });
  };

  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Rename organisation" centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack>
          <TextInput
            label="Organisation name"
            description={`Up to ${ORG_NAME_MAX} characters. Members see the new name at once; the change is recorded in the activity log.`}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problem ?? (rename.isError ? errorMessage(rename.error) : undefined)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
