import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { CreatedInviteResponse } from "../../../../contract/invite.js";
import { CopyText } from "../../../components/CopyText.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useCreateInvite } from "../api/invites.js";
import { INVITE_LABEL_MAX } from "../../../../contract/invite-limits.js";
import { useGrantableRoles } from "../api/roles.js";
import { Callout } from "./ActionDialog.js";
import { PermissionOverview } from "./PermissionOverview.js";
import { RoleBadge, roleLabel } from "../../../components/RoleBadge.js";

const EXPIRY = [
  { value: "1", label: "1 day" },
  { value: "7", label: "7 days" },
  { value: "14", label: "14 days" },
  { value: "30", label: "30 days" },
];

/** Pick a role, see what it grants, generate a link that is shown only this once. */
export function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const roles = useGrantableRoles(opened);
  const create = useCreateInvite();
  const [role, setRole] = useState<string | null>("nanoUser");
  const [days, setDays] = useState("7");
  // Who the link is for, in the inviter's words: tells two invitations of one role apart in the list.
  const [label, setLabel] = useState("");
  const [created, setCreated] = useState<CreatedInviteResponse | null>(null);

  useEffect(() => {
    if (opened) {
      setCreated(null);
      setLabel("");
      create.reset();
    }
    // Reset only when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  const picked = roles.grantable.find((r) => r.name === role);
  const labelOf = (name: string) => roleLabel(name, roles.grantable.find((r) => r.name === name)?.label);

  return (
    <Modal opened={opened} onClose={onClose} title="Invite new user" size="lg">
      <Stack>
        <Text size="sm">
          Select the appropriate user role for your invitee. Share the provided URL, which includes the invite token,
          with the person you wish to add to your organization.
        </Text>
        {!created ? (
          <>
            <Callout tone="warning">
              If you are unsure about the roles and their access levels, please refer to{" "}
              <Anchor component={Link} to="/organisation/roles" inherit underline="always" c="inherit">
                the Roles tab
              </Anchor>{" "}
              for detailed information.
            </Callout>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Access Level"
                data={roles.grantable.map((r) => ({ value: r.name, label: `${labelOf(r.name)} (${r.name})` }))}
                value={role}
                onChange={setRole}
                allowDeselect={false}
              />
              <Select
                label="Link valid for"
                data={EXPIRY}
                value={days}
                onChange={(v) => setDays(v ?? "7")}
                allowDeselect={false}
              />
            </SimpleGrid>
            <TextInput
              label="Label (optional)"
              description="Who the invitation is for, shown with the pending invitation"
              placeholder="e.g. Anna, video team"
              value={label}
              maxLength={INVITE_LABEL_MAX}
              onChange={(e) => setLabel(e.currentTarget.value)}
            />
            {/* Open from the start, as in the reference: what the role grants is the point of the choice. */}
            {picked && <PermissionOverview key={picked.name} permissions={picked.permissions} initiallyOpen />}
            {create.isError && (
              <Alert color="red" role="alert">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group justify="center">
              <Button
                leftSection={<IconRefresh size={16} aria-hidden />}
                disabled={!role}
                loading={create.isPending}
                onClick={() =>
                  role &&
                  create.mutate(
                    { role, expiresInDays: Number(days), ...(label.trim() ? { label: label.trim() } : {}) },
                    { onSuccess: setCreated },
                  )
                }
              >
                Generate New Invite Token
              </Button>
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <RoleBadge role={created.role} label={picked?.label} />
              <TextInput
                label="Invite link"
                value={created.url}
                readOnly
                style={{ flex: 1, minWidth: 0 }}
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyText value={created.url} label="Copy invite link" />
            </Group>
            <Text size="sm" c="red" ta="center">
              The invite token is valid for the <b>{created.role}</b> role until {formatUtc(created.expiresAt)}. It is
              shown only now.
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
