import { Group, Paper, Stack, Text } from "@mantine/core";
import type { PublicInviteResponse } from "../../../../contract/invite.js";
import { formatUtc } from "../../../lib/format.js";
import { RoleBadge } from "../../../components/RoleBadge.js";

/** What the link grants: the organisation, the role and how long the link works. */
export function InvitationSummary({ invitation }: { invitation: PublicInviteResponse }) {
  const { organisation, role, expiresAt } = invitation;
  return (
    <Paper withBorder radius="md" p="md" w="100%">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed" w={90}>
            Organisation
          </Text>
          <Text size="sm" fw={700} style={{ overflowWrap: "anywhere" }}>
            {organisation.name}
          </Text>
        </Group>
        <Group gap="xs" wrap="wrap" align="center">
          <Text size="sm" c="dimmed" w={90}>
            Role
          </Text>
          <RoleBadge role={role.name} label={role.label} />
        </Group>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          You are invited as <b>{role.label}</b> ({role.name}). {role.description}
        </Text>
        <Text size="xs" c="dimmed">
          The invitation expires {formatUtc(expiresAt)}.
        </Text>
      </Stack>
    </Paper>
  );
}
