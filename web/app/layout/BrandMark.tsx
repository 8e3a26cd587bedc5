import { Badge, Box, Group, Text } from "@mantine/core";
import { IconBroadcast } from "@tabler/icons-react";

/** The logo; a trial organisation's logo carries a small "Trial" badge above it, as in the reference. */
export function BrandMark({ inverted = false, trial = false }: { inverted?: boolean; trial?: boolean }) {
  return (
    <Box pos="relative">
      {trial && (
        <Badge size="xs" color="dark.7" variant="filled" pos="absolute" top={-7} left={-10} style={{ zIndex: 1 }}>
          Trial
        </Badge>
      )}
      <Group gap={6} wrap="nowrap">
        <IconBroadcast size={26} aria-hidden color={inverted ? "white" : "var(--mantine-color-brand-text)"} />
        <Text fw={800} size="xl" c={inverted ? "white" : "brand"}>
          orgdeck
        </Text>
      </Group>
    </Box>
  );
}
