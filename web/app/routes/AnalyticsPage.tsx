import { Badge, Group, Stack, Title } from "@mantine/core";
import { IconChartLine } from "@tabler/icons-react";
import { QueryState } from "../../components/QueryState.js";
import { AnalyticsView } from "../../features/analytics/components/AnalyticsView.js";
import { useOrganisation } from "../../features/organisation/api/organisation.js";
import { capitalise } from "../../lib/format.js";

/** Usage of the organisation at its analytics level: live now, over time, top streams and tags. */
export function AnalyticsPage() {
  const org = useOrganisation();
  return (
    <Stack gap="md">
      <Group gap="sm" justify="space-between">
        <Title order={1} c="brand">
          Analytics
        </Title>
        {org.data && (
          <Badge variant="light" color="gray" leftSection={<IconChartLine size={14} aria-hidden />} tt="none">
            {capitalise(org.data.analyticsLevel)} Analytics
          </Badge>
        )}
      </Group>
      <QueryState isPending={org.isPending} error={org.error} retry={() => void org.refetch()} lines={6}>
        {org.data && <AnalyticsView level={org.data.analyticsLevel} />}
      </QueryState>
    </Stack>
  );
}
