import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState } from "react";
import { PERMISSION_GROUPS, PERMISSION_LABELS, isPermission } from "../../../../contract/permissions.js";
import type { RoleResponse } from "../../../../contract/user.js";
import { errorMessage } from "../../../lib/api.js";
import { useMe } from "../../../lib/me.js";
import { useCreateRole, useUpdateRole } from "../api/roles.js";

function flatten(grouped: Record<string, string[]>): Set<string> {
  return new Set(Object.entries(grouped).flatMap(([g, ops]) => ops.map((op) => `${g}.${op}`)));
}

function group(flat: Set<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of flat) {
    const [g, op] = p.split(".") as [string, string];
    (out[g] ??= []).push(op);
  }
  return out;
}

/** Create or edit a custom role with a permission matrix; permissions the editor lacks are greyed out. */
export function RoleEditor({
  role,
  onClose,
  onSaved,
}: {
  role: RoleResponse | "new";
  onClose: () => void;
  onSaved?: (name: string) => void;
}) {
  const isNew = role === "new";
  const me = useMe();
  const mine = new Set(me.data?.permissions ?? []);
  const [name, setName] = useState(isNew ? "" : role.name);
  const [label, setLabel] = useState(isNew ? "" : role.label);
  const [description, setDescription] = useState(isNew ? "" : role.description);
  const [perms, setPerms] = useState<Set<string>>(isNew ? new Set(["Organisation.Get"]) : flatten(role.permissions));
  const create = useCreateRole();
  const update = useUpdateRole();
  const save = isNew ? create : update;

  const toggle = (p: string, on: boolean) => {
    const next = new Set(perms);
    if (on) next.add(p);
    else next.delete(p);
    setPerms(next);
  };
  const submit = () => {
    const body = { label, permissions: group(perms), ...(description ? { description } : {}) };
    const saved = (r: RoleResponse) => {
      onSaved?.(r.name);
      onClose();
    };
    if (isNew) create.mutate({ name, ...body }, { onSuccess: saved });
    else update.mutate({ name: role.name, body }, { onSuccess: saved });
  };

  return (
    <Modal opened onClose={onClose} title={isNew ? "Create role" : `Edit role ${role.name}`} size="xl">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            description="Letters, digits, - and _; used in the API"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            disabled={!isNew}
            required
          />
          <TextInput label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} required />
        </SimpleGrid>
        <Textarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Text fw={600} id="matrix-label">
          Permissions
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" role="group" aria-labelledby="matrix-label">
          {PERMISSION_GROUPS.map(({ group: g, ops }) => (
            <Fieldset key={g} legend={g} p="xs">
              <Stack gap={4}>
                {ops.map((op) => {
                  const p = `${g}.${op}`;
                  // The words first; the code (what the API and the docs say) stays in the name as secondary text.
                  const label = (
                    <>
                      {isPermission(p) ? PERMISSION_LABELS[p] : op}{" "}
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {p}
                      </Text>
                    </>
                  );
                  return (
                    <Checkbox
                      key={p}
                      label={label}
                      checked={perms.has(p)}
                      disabled={!mine.has(p)}
                      onChange={(e) => toggle(p, e.currentTarget.checked)}
                    />
                  );
                })}
              </Stack>
            </Fieldset>
          ))}
        </SimpleGrid>
        {save.isError && (
          <Alert color="red" role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            {isNew ? "Create role" : "Save role"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
