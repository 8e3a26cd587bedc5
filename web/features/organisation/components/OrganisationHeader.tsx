import { Badge, Group, Stack, Title } from "@mantine/core";
import { IconChartLine, IconHeadset } from "@tabler/icons-react";
import type { OrganisationResponse } from "../../../../contract/organisation.js";
import { capitalise } from "../../../lib/format.js";

export function OrganisationHeader({ org }: { org: OrganisationResponse }) {
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
      <Title order={1} c="brand" style={{ overflowWrap: "anywhere" }}>
        {org.name}
      </Title>
    </Stack>
  );
}
