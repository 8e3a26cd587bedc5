import { ActionIcon, Paper, Table, Text, Title, Tooltip } from "@mantine/core";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import { IconX } from "@tabler/icons-react";
import { useState } from "react";
import type { InviteResponse } from "../../../../contract/invite.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { QueryState } from "../../../components/QueryState.js";
import { errorMessage } from "../../../lib/api.js";
import { formatUtc } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";
import { useInvites, useRevokeInvite } from "../api/invites.js";
import { RoleBadge } from "./RoleBadge.js";

export function PendingInvites() {
  const can = useCan();
  const invites = useInvites(can("InviteToken.List"));
  const revoke = useRevokeInvite();
  const [target, setTarget] = useState<InviteResponse | null>(null);
  if (!can("InviteToken.List")) return null;
  return (
    <section aria-labelledby="pending-invites">
      <Title order={2} size="h4" id="pending-invites" mb="xs">
        Pending invitations
      </Title>
      <Paper withBorder p="sm">
        <QueryState isPending={invites.isPending} error={invites.error} retry={() => void invites.refetch()}>
          {invites.data?.invites.length === 0 ? (
            <Text size="sm" c="dimmed">
              No pending invitations.
            </Text>
          ) : (
            <ScrollRegion label="Pending invitations table" minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Created by</Table.Th>
                    <Table.Th>Expires (UTC)</Table.Th>
                    <Table.Th>Revoke</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invites.data?.invites.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <RoleBadge role={i.role} />
                      </Table.Td>
                      <Table.Td>{i.createdBy}</Table.Td>
                      <Table.Td>{formatUtc(i.expiresAt)}</Table.Td>
                      <Table.Td>
                        {can("InviteToken.Delete") && (
                          <Tooltip label="Revoke invitation">
                            <ActionIcon variant="subtle" color="red" aria-label={`Revoke invitation for ${i.role}`} onClick={() => setTarget(i)}>
                              <IconX size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
        </QueryState>
      </Paper>
      <ConfirmDialog
        opened={target !== null}
        title="Revoke invitation?"
        confirmLabel="Revoke"
        danger
        busy={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onCancel={() => setTarget(null)}
        onConfirm={() => target && revoke.mutate(target.id, { onSuccess: () => setTarget(null) })}
      >
        <Text size="sm">The link stops working at once; whoever has it can no longer join.</Text>
      </ConfirmDialog>
    </section>
  );
}
