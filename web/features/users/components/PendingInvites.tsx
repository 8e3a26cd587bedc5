import { ActionIcon, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { useMediaQuery } from "@mantine/hooks";
import { IconX } from "@tabler/icons-react";
import { useState } from "react";
import type { InviteResponse } from "../../../../contract/invite.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { Hint } from "../../../components/Hint.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { useInvites, useRevokeInvite } from "../api/invites.js";
import { useRoles } from "../api/roles.js";
import { RoleBadge } from "../../../components/RoleBadge.js";

function RevokeButton({ invite, onClick }: { invite: InviteResponse; onClick: () => void }) {
  return (
    <Hint label="Revoke invitation">
      <ActionIcon
        variant="subtle"
        color="red"
        size="lg"
        aria-label={`Revoke invitation for ${invite.role}`}
        onClick={onClick}
      >
        <IconX size={16} />
      </ActionIcon>
    </Hint>
  );
}

export function PendingInvites() {
  const can = useCan();
  const phone = useMediaQuery("(max-width: 600px)", false, { getInitialValueInEffect: false }) ?? false;
  const invites = useInvites(can("InviteToken.List"));
  // Custom roles show by their label, as everywhere else (the list is usually cached already).
  const roles = useRoles(can("Permission.List"));
  const labelOf = (name: string) => roles.data?.roles.find((r) => r.name === name)?.label;
  const revoke = useRevokeInvite();
  const [target, setTarget] = useState<InviteResponse | null>(null);
  if (!can("InviteToken.List")) return null;
  const list = invites.data?.invites ?? [];
  const canRevoke = can("InviteToken.Delete");
  return (
    <section aria-labelledby="pending-invites">
      <Title order={2} size="h4" id="pending-invites" mb="xs">
        Pending invitations
      </Title>
      <QueryState isPending={invites.isPending} error={invites.error} retry={() => void invites.refetch()}>
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No pending invitations.
          </Text>
        ) : phone ? (
          <Stack component="ul" aria-label="Pending invitations" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
            {list.map((i) => (
              <Paper component="li" key={i.id} withBorder radius="md" p="sm">
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Stack gap={4} miw={0}>
                    <RoleBadge role={i.role} label={labelOf(i.role)} />
                    {i.label && (
                      <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                        {i.label}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      By {i.createdBy ?? "a deleted user"} · expires {formatUtc(i.expiresAt)}
                    </Text>
                  </Stack>
                  {canRevoke && <RevokeButton invite={i} onClick={() => setTarget(i)} />}
                </Group>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Paper withBorder p="sm">
            <ScrollRegion label="Pending invitations table" minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Label</Table.Th>
                    <Table.Th>Created by</Table.Th>
                    <Table.Th>Expires (UTC)</Table.Th>
                    <Table.Th>Revoke</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <RoleBadge role={i.role} label={labelOf(i.role)} />
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        {i.label ?? (
                          <Text span size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>{i.createdBy ?? "a deleted user"}</Table.Td>
                      <Table.Td>{formatUtc(i.expiresAt).replace(" (UTC)", "")}</Table.Td>
                      <Table.Td>{canRevoke && <RevokeButton invite={i} onClick={() => setTarget(i)} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Paper>
        )}
      </QueryState>
      {target && (
        <ConfirmDialog
          opened
          size="lg"
          title="Revoke invitation?"
          confirmLabel="Revoke"
          danger
          busy={revoke.isPending}
          error={revoke.isError ? errorMessage(revoke.error) : null}
          onCancel={() => {
            revoke.reset();
            setTarget(null);
          }}
          onConfirm={() => revoke.mutate(target.id, { onSuccess: () => setTarget(null) })}
        >
          <Text size="sm">The link stops working at once; whoever has it can no longer join.</Text>
        </ConfirmDialog>
      )}
    </section>
  );
}
