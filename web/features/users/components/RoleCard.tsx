import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import type { RoleResponse } from "../../../../contract/user.js";

/** Label, description and audiences of a role, like the dashboard's role card. */
export function RoleCard({ role }: { role: RoleResponse }) {
  return (
    <Paper p="md" radius="md" bg="var(--od-role-card)" c="white">
      <Group align="flex-start" justify="space-between" wrap="wrap" gap="md">
        <Stack gap={4} maw={260} miw={0}>
          {/* A custom label can be 60 characters without spaces: let it break anywhere. */}
          <Title order={3} c="white" style={{ overflowWrap: "anywhere" }}>
            {role.label}
          </Title>
          <Text size="sm" fs="italic" style={{ overflowWrap: "anywhere" }}>
            {role.description || "No description."}
          </Text>
        </Stack>
        <Stack gap={4} miw={0}>
          <Text size="sm">Audiences</Text>
          <Group gap={4}>
            {role.audiences.map((a) => (
              <Badge
                key={a}
                variant="white"
                c="var(--od-role-card)"
                leftSection={<IconCheck size={12} aria-hidden />}
                tt="none"
                maw="100%"
                title={a}
              >
                {a}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}
