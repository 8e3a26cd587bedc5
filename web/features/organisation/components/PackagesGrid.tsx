import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconArrowUp, IconCheck } from "@tabler/icons-react";
import type { Package } from "../../../../contract/organisation.js";

function PackageTile({ pkg }: { pkg: Package }) {
  const enabled = pkg.enabled;
  return (
    <Paper
      // Tighter on phones, so two tiles fit side by side without cutting "Upgrade needed".
      p={{ base: "sm", sm: "md" }}
      radius="md"
      bg={enabled ? "blue.9" : "var(--od-tile-off-bg)"}
      c={enabled ? "white" : "var(--od-tile-off-fg)"}
      aria-label={`${pkg.label}: ${enabled ? "Enabled" : "Upgrade needed"}`}
      role="group"
      style={{ flex: pkg.features ? "2 1 300px" : "1 1 150px", maxWidth: pkg.features ? undefined : 240 }}
    >
      <Stack gap="xs">
        <Text fw={700} size="lg">
          {pkg.label}
        </Text>
        {pkg.features ? (
          <Group gap={6}>
            {pkg.features.map((f) => (
              <Badge key={f.key} variant="filled" color={f.enabled ? "dark.7" : "gray.7"} leftSection={f.enabled ? <IconCheck size={12} aria-hidden /> : undefined} tt="none">
                {f.label}
                {f.enabled ? "" : " (upgrade needed)"}
              </Badge>
            ))}
          </Group>
        ) : (
          <Badge
            w="fit-content"
            variant={enabled ? "white" : "filled"}
            color={enabled ? "blue.9" : "gray.7"}
            leftSection={enabled ? <IconCheck size={12} aria-hidden /> : <IconArrowUp size={12} aria-hidden />}
            tt="none"
          >
            {enabled ? "Enabled" : "Upgrade needed"}
          </Badge>
        )}
      </Stack>
    </Paper>
  );
}

export function PackagesGrid({ packages }: { packages: Package[] }) {
  return (
    <section aria-labelledby="packages-heading">
      <Title order={2} id="packages-heading" size="h3" c="brand" mb="sm">
        Enabled Packages
      </Title>
      <Group gap="sm" align="stretch">
        {packages.map((p) => (
          <PackageTile key={p.key} pkg={p} />
        ))}
      </Group>
    </section>
  );
}
