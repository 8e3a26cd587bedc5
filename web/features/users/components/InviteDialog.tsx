import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import type { CreatedInviteResponse } from "../../../../contract/invite.js";
import { CopyText } from "../../../components/CopyText.js";
import { errorMessage } from "../../../lib/api.js";
import { useMe } from "../../../lib/me.js";
import { useCreateInvite } from "../api/invites.js";
import { useRoles } from "../api/roles.js";
import { PermissionOverview } from "./PermissionOverview.js";
import { RoleBadge } from "./RoleBadge.js";

const EXPIRY = [
  { value: "1", label: "1 day" },
  { value: "7", label: "7 days" },
  { value: "14", label: "14 days" },
  { value: "30", label: "30 days" },
];

/** Pick a role, see what it grants, generate a link that is shown only this once. */
export function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const roles = useRoles(opened);
  const me = useMe();
  const create = useCreateInvite();
  const [role, setRole] = useState<string | null>("nanoUser");
  const [days, setDays] = useState("7");
  const [created, setCreated] = useState<CreatedInviteResponse | null>(null);

  useEffect(() => {
    if (opened) {
      setCreated(null);
      create.reset();
    }
    // Reset only when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  // Only roles whose every permission the inviter holds can be handed out.
  const mine = new Set(me.data?.permissions ?? []);
  const grantable = (roles.data?.roles ?? []).filter((r) => Object.entries(r.permissions).every(([g, ops]) => ops.every((op) => mine.has(`${g}.${op}`))));
  const picked = grantable.find((r) => r.name === role);

  return (
    <Modal opened={opened} onClose={onClose} title="Invite new user" size="lg">
      <Stack>
        <Text size="sm">Select the appropriate user role for your invitee. Share the provided URL, which includes the invite token, with the person you wish to add to your organization.</Text>
        {!created ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label="Role" data={grantable.map((r) => ({ value: r.name, label: `${r.label} (${r.name})` }))} value={role} onChange={setRole} allowDeselect={false} />
              <Select label="Link valid for" data={EXPIRY} value={days} onChange={(v) => setDays(v ?? "7")} allowDeselect={false} />
            </SimpleGrid>
            {picked && <PermissionOverview permissions={picked.permissions} />}
            {create.isError && (
              <Alert color="red" role="alert">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button disabled={!role} loading={create.isPending} onClick={() => role && create.mutate({ role, expiresInDays: Number(days) }, { onSuccess: setCreated })}>
                Generate New Invite Token
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <RoleBadge role={created.role} label={picked?.label} />
              <TextInput label="Invite link" value={created.url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
              <CopyText value={created.url} label="Copy invite link" />
            </Group>
            <Text size="sm" c="red" ta="center">
              The invite token is valid for the <b>{created.role}</b> role until {new Date(created.expiresAt).toUTCString()}. It is shown only now.
            </Text>
            <Group justify="flex-end">
              <Button onClick={onClose}>Close</Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
