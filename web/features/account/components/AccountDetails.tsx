import { Paper, Title } from "@mantine/core";
import { Table } from "../../../components/PlainTable.js";
import { QueryState } from "../../../components/QueryState.js";
import { formatUtc } from "../../../lib/format.js";
import { useMe } from "../../../lib/me.js";

/** Who is signed in, in which organisation and role, and until when. */
export function AccountDetails() {
  const me = useMe();
  const rows: Array<[string, string]> = me.data
    ? [
        ["Email", me.data.user.email],
        ["Organisation", me.data.organisation.name],
        ["Role", me.data.role.label],
        ["Session expires", formatUtc(me.data.tokenExpiresAt)],
      ]
    : [];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Account
      </Title>
      <QueryState isPending={me.isPending} error={me.error} retry={() => void me.refetch()} lines={4}>
        <Table aria-label="Account details">
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={160}>{label}</Table.Th>
                <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
    </Paper>
  );
}
