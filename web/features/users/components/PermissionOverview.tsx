import { Collapse, Group, Paper, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronUp, IconCircleCheckFilled } from "@tabler/icons-react";
import { useId } from "react";
import { PERMISSION_LABELS, isPermission } from "../../../../contract/permissions.js";

/** The catalogue's words for a permission; an operation the catalogue does not know shows as itself. */
function permissionLabel(group: string, op: string): string {
  const p = `${group}.${op}`;
  return isPermission(p) ? PERMISSION_LABELS[p] : op;
}

/** The role's permissions grouped like the catalogue, collapsible: each one in words, its code beneath. */
export function PermissionOverview({
  permissions,
  initiallyOpen = false,
}: {
  permissions: Record<string, string[]>;
  initiallyOpen?: boolean;
}) {
  const [open, { toggle }] = useDisclosure(initiallyOpen);
  const id = useId();
  const groups = Object.entries(permissions);
  return (
    <Paper withBorder p="sm" radius="md">
      <UnstyledButton onClick={toggle} aria-expanded={open} aria-controls={id} w="100%">
        <Group justify="space-between">
          <Text fw={600} c="green">
            Permission Overview
          </Text>
          {open ? <IconChevronUp size={18} aria-hidden /> : <IconChevronDown size={18} aria-hidden />}
        </Group>
      </UnstyledButton>
      <Collapse expanded={open} id={id}>
        <Stack gap="xs" mt="sm">
          {groups.length === 0 && <Text size="sm">This role grants no permissions.</Text>}
          {groups.map(([group, ops]) => (
            <div key={group}>
              <Text size="sm" fw={600} c="green">
                {group}
              </Text>
              {ops.map((op) => (
                <Group
                  key={op}
                  justify="space-between"
                  py={2}
                  pl="sm"
                  style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
                >
                  <div>
                    <Text size="sm">{permissionLabel(group, op)}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {group}.{op}
                    </Text>
                  </div>
                  <IconCircleCheckFilled size={16} color="var(--mantine-color-green-text)" aria-label="granted" />
                </Group>
              ))}
            </div>
          ))}
        </Stack>
      </Collapse>
    </Paper>
  );
}
