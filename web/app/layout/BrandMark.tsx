import { Group, Text } from "@mantine/core";
import { IconBroadcast } from "@tabler/icons-react";

export function BrandMark({ inverted = false }: { inverted?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <IconBroadcast size={26} aria-hidden color={inverted ? "white" : "var(--mantine-color-brand-text)"} />
      <Text fw={800} size="xl" c={inverted ? "white" : "brand"}>
        orgdeck
      </Text>
    </Group>
  );
}
