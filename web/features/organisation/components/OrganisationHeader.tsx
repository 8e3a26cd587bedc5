import { ActionIcon, Badge, Group, Stack, Text, Title } from "@mantine/core";
import { IconChartLine, IconHeadset, IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import type { OrganisationResponse } from "../../../../contract/organisation.js";
import { Hint } from "../../../components/Hint.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { capitalise } from "../../../lib/format.js";
import { useCan } from "../../../lib/me.js";

const RenameOrganisationDialog = lazyDialog(
  async () => (await import("./RenameOrganisationDialog.js")).RenameOrganisationDialog,
);

export function OrganisationHeader({ org }: { org: OrganisationResponse }) {
  const can = useCan();
  const [renaming, setRenaming] = useState(false);
  const [renamed, setRenamed] = useState<string | null>(null);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge variant="light" color="gray" leftSection={<IconHeadset size={14} aria-hidden />} tt="none">
          {capitalise(org.supportLevel)} Support
        </Badge>
        <Badge variant="light" color="gray" leftSection={<IconChartLine size={14} aria-hidden />} tt="none">
          {capitalise(org.analyticsLevel)} Analytics
        </Badge>
      </Group>
      <Group gap="xs" wrap="nowrap" align="center">
        <Title order={1} c="brand" style={{ overflowWrap: "anywhere", minWidth: 0 }}>
          {org.name}
        </Title>
        {can("Organisation.Rename") && (
          <Hint label="Rename organisation">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label="Rename organisation"
              onClick={() => {
                setRenamed(null);
                setRenaming(true);
              }}
            >
              <IconPencil size={20} aria-hidden />
            </ActionIcon>
          </Hint>
        )}
      </Group>
      {renamed && (
        <Text size="sm" c="teal" role="status">
          The organisation is now called {renamed}.
        </Text>
      )}
      {can("Organisation.Rename") && (
        <RenameOrganisationDialog
          opened={renaming}
          current={org.name}
          onClose={() => setRenaming(false)}
          onDone={(name) => {
            setRenaming(false);
            setRenamed(name);
          }}
        />
      )}
    </Stack>
  );
}
