import { Paper, Text } from "@mantine/core";
import { PERMISSION_LABELS, type Permission } from "../../contract/permissions.js";

/**
 * In place of a card the caller's role cannot fill: which permission it would need, in words and as
 * the code an admin finds in the role editor, instead of an empty table or an error.
 */
export function PermissionNote({ permissions, children }: { permissions: Permission[]; children?: string }) {
  const needed = permissions.map((p) => `“${PERMISSION_LABELS[p]}” (${p})`).join(" or ");
  return (
    <Paper withBorder radius="md" p="md" data-testid="permission-note">
      <Text size="sm">
        {children ? `${children} ` : ""}Your role does not include {needed}. Ask an admin of your organisation if you
        need it.
      </Text>
    </Paper>
  );
}
