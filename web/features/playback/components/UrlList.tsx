import { Group, Stack, Text } from "@mantine/core";
import { CopyText } from "../../../components/CopyText.js";

/** Label above value (phones have no room beside it), the value wrapping anywhere, a copy button each. */
export function UrlList({ rows, label }: { rows: Array<[string, string]>; label: string }) {
  return (
    <Stack gap="sm" role="list" aria-label={label}>
      {rows.map(([name, value]) => (
        <div key={name} role="listitem" aria-label={name}>
          <Text size="sm" fw={600}>
            {name}
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Text ff="monospace" size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: "anywhere" }}>
              {value}
            </Text>
            <CopyText value={value} label={`Copy ${name}`} />
          </Group>
        </div>
      ))}
    </Stack>
  );
}
