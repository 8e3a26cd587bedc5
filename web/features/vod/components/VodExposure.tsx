import { Text } from "@mantine/core";
import { useVods } from "../api/vod.js";

/** How many recordings turning "VODs are public" on would expose. */
export function VodExposure() {
  const vods = useVods(null);
  if (vods.isPending) return <Text size="sm">Counting recordings…</Text>;
  const n = vods.data?.ready ?? 0;
  return (
    <Text size="sm" fw={600}>
      {n === 0
        ? "No recordings exist yet, so none become reachable right now."
        : `${n} recording${n === 1 ? "" : "s"} will become reachable without credentials.`}
    </Text>
  );
}
